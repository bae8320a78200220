import type { NewOrganization } from "../../lib/schemas/index.js";
import { createOrganization, type Platform } from "../services/organizations.js";
import { callerFor } from "../services/users.js";
import { SEEDED_USERS } from "./users.js";

/** The tutorial's sample organization, so its cells run as written. */
export const SAMPLE_ORGANIZATION = {
  id: "279b202f-6170-4f14-b021-ea904f758e27",
  principal: { type: "ORGANIZATION" as const, id: "OpenLatticeSampleOrg" },
  title: "OpenLattice Sample Organization",
  description: "A sample organization to follow the OrganizationsApi tutorial with.",
};

/** The organization that owns the demo datasets; its owner is the seeded `owner`, a data steward. */
export const DEMO_DATA_ORGANIZATION = {
  id: "1d5aa1f4-4d22-46a5-97cd-dcc6820e7ff8",
  principal: { type: "ORGANIZATION" as const, id: "OpenLatticeDemoData" },
  title: "OpenLattice Demo Data",
  description: "Owns the demo datasets that other organizations may materialize.",
};

/** Creates an organization of the seeded owner's unless it exists. */
export async function ensureSeededOrganization(
  platform: Platform,
  organization: NewOrganization & { id: string; title: string },
) {
  const { rowCount } = await platform.db.pool.query("SELECT 1 FROM organizations WHERE id = $1", [organization.id]);
  if (rowCount) return;
  await createOrganization(platform, (await callerFor(platform.db.pool, SEEDED_USERS.owner.user_id))!, organization);
}
