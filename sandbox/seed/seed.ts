import type { Queryable } from "../db/control.js";
import { defaultDatabaseName } from "../naming.js";
import type { Platform } from "../services/organizations.js";
import { addMember } from "../services/members.js";
import { findUser, insertUser, requireUser } from "../services/users.js";
import { seedDatasets } from "./datasets.js";
import { ensureSeededOrganization, SAMPLE_ORGANIZATION } from "./organizations.js";
import { ALL_USERS, SEEDED_USERS } from "./users.js";

/**
 * Seeds the platform: the users (the four named ones and a team of others) that are missing, at every start;
 * once, the sample organization (owned by `owner`, with `member` in it) and the demo datasets.
 */
export async function seedPlatform(platform: Platform): Promise<void> {
  const db = platform.db.pool;
  await platform.db.transaction(async (tx: Queryable) => {
    for (const profile of ALL_USERS) if (!(await findUser(tx, profile.user_id))) await insertUser(tx, profile);
  });
  await once(db, "sample organization", () => seedSampleOrganization(platform));
  await once(db, "demo datasets", () => seedDatasets(platform));
}

/** Runs a seeding step unless it completed before. Steps are idempotent, so one cut short by a crash runs again. */
async function once(db: Queryable, step: string, work: () => Promise<void>): Promise<void> {
  if ((await db.query("SELECT 1 FROM seed_steps WHERE step = $1", [step])).rowCount) return;
  await work();
  await db.query("INSERT INTO seed_steps (step) VALUES ($1) ON CONFLICT DO NOTHING", [step]);
}

async function seedSampleOrganization(platform: Platform): Promise<void> {
  await ensureSeededOrganization(platform, { ...SAMPLE_ORGANIZATION });
  const sample = { id: SAMPLE_ORGANIZATION.id, database_name: defaultDatabaseName(SAMPLE_ORGANIZATION.id) };
  await addMember(platform, sample, await requireUser(platform.db.pool, SEEDED_USERS.member.user_id));
}
