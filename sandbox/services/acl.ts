import { type AclKey, Permission } from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { notAccessible } from "../http/errors.js";

/** Every permission there is, from the schema the client shares. */
export const PERMISSIONS = Permission.options;

/** Who is calling: the user, their securable principal, and every principal they hold, directly or not. */
export interface Caller {
  userId: string;
  principalId: string;
  isAdmin: boolean;
  /** Ids of the caller's principal and all principals it holds (roles, organizations), transitively. */
  held: string[];
}

/**
 * An acl key as a PostgreSQL array literal, `{a,b}`: many keys are matched at once as
 * `unnest($1::text[]) AS k(key) JOIN aces a ON a.acl_key = k.key::uuid[]`, which the primary key's index serves.
 */
export const aclKeyLiteral = (aclKey: AclKey) => `{${aclKey.join(",")}}`;

export async function hasPermission(db: Queryable, caller: Caller, aclKey: AclKey, permission: Permission) {
  const { rowCount } = await db.query(
    "SELECT 1 FROM aces WHERE acl_key = $1 AND principal = ANY($2) AND $3 = ANY(permissions) LIMIT 1",
    [aclKey, caller.held, permission],
  );
  return rowCount === 1;
}

/** Throws the real server's 401 `Object [<aclKey>] is not accessible.` unless the caller has `permission`. */
export async function ensurePermission(db: Queryable, caller: Caller, aclKey: AclKey, permission: Permission) {
  if (!(await hasPermission(db, caller, aclKey, permission))) throw notAccessible(aclKey);
}

/** Adds permissions for a principal on an object, keeping those it had. */
export async function grant(db: Queryable, aclKey: AclKey, principalId: string, permissions: readonly Permission[]) {
  await db.query(
    `INSERT INTO aces (acl_key, principal, permissions) VALUES ($1, $2, $3)
     ON CONFLICT (acl_key, principal) DO UPDATE
       SET permissions = ARRAY(SELECT DISTINCT unnest(aces.permissions || EXCLUDED.permissions) ORDER BY 1)`,
    [aclKey, principalId, [...permissions].sort()],
  );
}
