import type { UserProfile } from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { notFound } from "../http/errors.js";
import { NEXT_USER_LOGIN_SQL } from "../naming.js";
import type { Caller } from "./acl.js";
import { generateCredential } from "./credentials.js";
import type { Platform } from "./platform.js";
import { insertPrincipal } from "./principals.js";

/** Stores a user's Auth0 profile and their securable principal (titled by nickname, else e-mail). */
export async function insertUser(db: Queryable, profile: UserProfile): Promise<string> {
  await db.query("INSERT INTO users (user_id, profile) VALUES ($1, $2)", [profile.user_id, profile]);
  const row = await insertPrincipal(db, {
    type: "USER",
    principalId: profile.user_id,
    title: profile.nickname ?? profile.email ?? profile.user_id,
  });
  return row.id;
}

/**
 * The caller behind a token's subject, or `undefined` for a user the platform does not know: the user and every
 * principal they hold, in one query, so that each request sees the permissions and memberships as they are now.
 */
export async function callerFor(db: Queryable, userId: string): Promise<Caller | undefined> {
  const { rows } = await db.query<{ id: string; is_admin: boolean; held: string[] }>({
    name: "caller",
    text: `WITH RECURSIVE caller AS (
       SELECT p.id, u.profile FROM users u JOIN principals p ON p.principal_id = u.user_id AND p.type = 'USER'
       WHERE u.user_id = $1),
     held(id) AS (SELECT id FROM caller UNION SELECT e.held FROM principal_edges e JOIN held h ON e.holder = h.id)
     SELECT id, coalesce(profile -> 'app_metadata' -> 'roles' ? 'admin', false) AS is_admin, ARRAY(SELECT id FROM held) AS held
     FROM caller`,
    values: [userId],
  });
  const row = rows[0];
  return row && { userId, principalId: row.id, isAdmin: row.is_admin, held: row.held };
}

/** A known user: their Auth0 profile and securable principal id. */
export interface UserRow {
  principalId: string;
  profile: UserProfile;
}

export async function findUser(db: Queryable, userId: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<{ id: string; profile: UserProfile }>(
    `SELECT p.id, u.profile FROM users u JOIN principals p ON p.principal_id = u.user_id AND p.type = 'USER'
     WHERE u.user_id = $1`,
    [userId],
  );
  return rows[0] && { principalId: rows[0].id, profile: rows[0].profile };
}

/** The user, or 404 naming the id the caller sent. */
export async function requireUser(db: Queryable, userId: string): Promise<UserRow> {
  const user = await findUser(db, userId);
  if (!user) throw notFound(`User ${JSON.stringify(userId)} does not exist.`);
  return user;
}

/** The user's PostgreSQL login when they have one. */
export async function findDbLogin(
  db: Queryable,
  userId: string,
): Promise<{ username: string; credential: string } | undefined> {
  const { rows } = await db.query<{ username: string; credential: string }>(
    "SELECT username, credential FROM db_logins WHERE user_id = $1",
    [userId],
  );
  return rows[0];
}

/** Logins being made, per platform and user: concurrent first uses wait for the one making it. */
const making = new WeakMap<Platform, Map<string, Promise<DbLogin>>>();

type DbLogin = { username: string; credential: string };

/** The user's own PostgreSQL login (`user0042`), made on first use; it exists in PostgreSQL once this resolves. */
export function dbLogin(platform: Platform, userId: string): Promise<DbLogin> {
  const pending = making.get(platform) ?? new Map<string, Promise<DbLogin>>();
  making.set(platform, pending);
  const inFlight = pending.get(userId);
  if (inFlight) return inFlight;
  const login = makeDbLogin(platform, userId).finally(() => pending.delete(userId));
  pending.set(userId, login);
  return login;
}

async function makeDbLogin(platform: Platform, userId: string): Promise<DbLogin> {
  const db = platform.db.pool;
  const existing = await findDbLogin(db, userId);
  if (existing) return existing;
  const { rows } = await db.query<{ username: string; credential: string }>(
    `INSERT INTO db_logins (user_id, username, credential)
     VALUES ($1, ${NEXT_USER_LOGIN_SQL}, $2)
     ON CONFLICT (user_id) DO NOTHING RETURNING username, credential`,
    [userId, generateCredential()],
  );
  if (!rows[0]) return (await findDbLogin(db, userId))!;
  await platform.orgDatabases.createLogin(rows[0].username, rows[0].credential);
  return rows[0];
}

/** Gives the user's login a new password. */
export async function regenerateDbCredential(platform: Platform, userId: string) {
  const { username } = await dbLogin(platform, userId);
  const credential = generateCredential();
  await platform.orgDatabases.setPassword(username, credential);
  await platform.db.pool.query("UPDATE db_logins SET credential = $2 WHERE user_id = $1", [userId, credential]);
  return { username, credential };
}
