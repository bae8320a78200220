import type { Queryable } from "../db/control.js";
import { createOrganization, type Platform } from "../services/organizations.js";
import { addMember, callerFor, insertUser } from "../services/users.js";
import { SEEDED_USERS } from "./users.js";

/** The tutorial's sample organization, so its cells run as written. */
export const SAMPLE_ORGANIZATION = {
  id: "279b202f-6170-4f14-b021-ea904f758e27",
  principal: { type: "ORGANIZATION" as const, id: "OpenLatticeSampleOrg" },
  title: "OpenLattice Sample Organization",
  description: "A sample organization to follow the OrganizationsApi tutorial with.",
};

/** Seeds a new platform once: the users, and the sample organization owned by `owner` with `member` in it. */
export async function seedPlatform(platform: Platform): Promise<void> {
  const db = platform.db.pool;
  const { rowCount } = await db.query("SELECT 1 FROM users LIMIT 1");
  if (rowCount) return;
  const principals = await platform.db.transaction(async (tx: Queryable) => {
    const ids: Record<string, string> = {};
    for (const [name, profile] of Object.entries(SEEDED_USERS)) ids[name] = await insertUser(tx, profile);
    return ids;
  });
  const owner = (await callerFor(db, SEEDED_USERS.owner.user_id))!;
  await createOrganization(platform, owner, { ...SAMPLE_ORGANIZATION });
  await addMember(db, SAMPLE_ORGANIZATION.id, principals.member!);
}
