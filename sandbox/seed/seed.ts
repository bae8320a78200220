import type { Queryable } from "../db/control.js";
import { createOrganization, defaultDatabaseName, type Platform } from "../services/organizations.js";
import { addMember } from "../services/members.js";
import { callerFor, findUser, insertUser, requireUser } from "../services/users.js";
import { seedDatasets } from "./datasets.js";
import { SAMPLE_ORGANIZATION } from "./organizations.js";
import { ALL_USERS, SEEDED_USERS } from "./users.js";

/**
 * Seeds the platform: the users (the four named ones and a team of others) that are missing, at every start;
 * on the first start also the sample organization, owned by `owner` with `member` in it, and the demo datasets.
 */
export async function seedPlatform(platform: Platform): Promise<void> {
  const db = platform.db.pool;
  const firstStart = (await db.query("SELECT 1 FROM users LIMIT 1")).rowCount === 0;
  await platform.db.transaction(async (tx: Queryable) => {
    for (const profile of ALL_USERS) if (!(await findUser(tx, profile.user_id))) await insertUser(tx, profile);
  });
  if (!firstStart) return;
  const owner = (await callerFor(db, SEEDED_USERS.owner.user_id))!;
  await createOrganization(platform, owner, { ...SAMPLE_ORGANIZATION });
  const sample = { id: SAMPLE_ORGANIZATION.id, database_name: defaultDatabaseName(SAMPLE_ORGANIZATION.id) };
  await addMember(platform, sample, await requireUser(db, SEEDED_USERS.member.user_id));
  await seedDatasets(platform);
}
