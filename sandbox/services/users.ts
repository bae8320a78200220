import type { UserProfile } from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { type Caller, grant, heldPrincipals } from "./acl.js";
import { addEdge, insertPrincipal } from "./principals.js";

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

/** The caller behind a token's subject, or `undefined` for a user the platform does not know. */
export async function callerFor(db: Queryable, userId: string): Promise<Caller | undefined> {
  const { rows } = await db.query<{ id: string; profile: UserProfile }>(
    `SELECT p.id, u.profile FROM users u JOIN principals p ON p.principal_id = u.user_id AND p.type = 'USER'
     WHERE u.user_id = $1`,
    [userId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    userId,
    principalId: row.id,
    isAdmin: row.profile.app_metadata?.roles?.includes("admin") ?? false,
    held: await heldPrincipals(db, row.id),
  };
}

/** Makes a user a member: they hold the organization's principal and may READ it. Idempotent. */
export async function addMember(db: Queryable, orgId: string, userPrincipalId: string): Promise<void> {
  await addEdge(db, userPrincipalId, orgId);
  await grant(db, [orgId], userPrincipalId, ["READ"]);
}
