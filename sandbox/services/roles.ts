import { randomUUID } from "node:crypto";
import type { Role, UserProfile } from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { badRequest, forbidden } from "../http/errors.js";
import { roleGroup } from "../naming.js";
import { type Caller, ensurePermission, grant, hasPermission, PERMISSIONS } from "./acl.js";
import type { OrganizationRow } from "./principals.js";
import type { Platform } from "./platform.js";
import { addEdge, insertPrincipal, lockPrincipalCreation, type PrincipalRow, toRole } from "./principals.js";
import { dbLogin, type UserRow } from "./users.js";

/** A role body as `createRole` reads it, already checked. */
export interface RoleInput {
  id?: string;
  organizationId: string;
  principal: { type: "ROLE"; id: string };
  title: string;
  description: string;
}

/** SQL: the roles (rows of `principals`, as `r`) of the organization `org` that the principals `held` may READ. */
export const readableRolesSql = (org: string, held: string) =>
  `SELECT r.* FROM principals r WHERE r.organization_id = ${org} AND r.type = 'ROLE' AND EXISTS (
     SELECT 1 FROM aces a WHERE a.acl_key = r.acl_key AND a.principal = ANY(${held}) AND 'READ' = ANY(a.permissions))`;

/** The roles of an organization the caller may READ, by title. */
export async function readableRoles(db: Queryable, caller: Caller, orgId: string): Promise<Role[]> {
  const { rows } = await db.query<PrincipalRow>({
    name: "readable-roles",
    text: `${readableRolesSql("$1", "$2")} ORDER BY r.title`,
    values: [orgId, caller.held],
  });
  return rows.map(toRole);
}

async function findRole(db: Queryable, orgId: string, roleId: string): Promise<PrincipalRow | undefined> {
  const { rows } = await db.query<PrincipalRow>(
    "SELECT * FROM principals WHERE id = $1 AND organization_id = $2 AND type = 'ROLE'",
    [roleId, orgId],
  );
  return rows[0];
}

/** The role when the caller may READ it, else the real server's 401 `Unable to find role: [<org>, <role>]`. */
export async function readRole(db: Queryable, caller: Caller, orgId: string, roleId: string): Promise<PrincipalRow> {
  const role = await findRole(db, orgId, roleId);
  if (!role || !(await hasPermission(db, caller, [orgId, roleId], "READ"))) {
    throw forbidden(`Unable to find role: [${orgId}, ${roleId}]`);
  }
  return role;
}

/** The role when the caller is OWNER of it, else 401 `Object [<org>, <role>] is not accessible.` */
export async function ownRole(db: Queryable, caller: Caller, orgId: string, roleId: string): Promise<PrincipalRow> {
  await ensurePermission(db, caller, [orgId, roleId], "OWNER");
  return (await findRole(db, orgId, roleId))!;
}

/**
 * Creates the role unless its principal id is taken, in which case nothing is created and the id is still
 * returned, as the real server does. The organization's principal may READ it, its admin role and the
 * creator get every permission on it.
 */
export async function createRole(
  platform: Platform,
  caller: Caller,
  org: OrganizationRow,
  role: RoleInput,
): Promise<string> {
  const id = role.id ?? randomUUID();
  const created = await platform.db.transaction(async (tx) => {
    await lockPrincipalCreation(tx);
    const { rowCount } = await tx.query("SELECT 1 FROM principals WHERE principal_id = $1", [role.principal.id]);
    if (rowCount) return false;
    if ((await tx.query("SELECT 1 FROM principals WHERE id = $1", [id])).rowCount) {
      throw badRequest(`A principal with id ${id} already exists.`);
    }
    const row = await insertPrincipal(tx, {
      id,
      type: "ROLE",
      principalId: role.principal.id,
      title: role.title,
      description: role.description,
      organizationId: org.id,
      aclKey: [org.id, id],
    });
    await grant(tx, row.acl_key, org.id, ["READ"]);
    for (const holder of new Set([org.admin_role_id, caller.principalId]))
      await grant(tx, row.acl_key, holder, PERMISSIONS);
    return true;
  });
  if (created) await platform.orgDatabases.createGroup(roleGroup(id));
  return id;
}

/** Deletes a role and its group role; the organization's admin role cannot be deleted. */
export async function deleteRole(platform: Platform, org: OrganizationRow, role: PrincipalRow): Promise<void> {
  if (role.id === org.admin_role_id) {
    throw badRequest(
      `Role [${role.acl_key.join(", ")}] cannot be deleted because it is the organization's admin role.`,
    );
  }
  await platform.orgDatabases.dropGroup(roleGroup(role.id), org.database_name);
  await platform.db.transaction(async (tx) => {
    await tx.query("DELETE FROM aces WHERE acl_key = $1", [role.acl_key]);
    await tx.query("UPDATE organizations SET grants = grants - $2::text WHERE id = $1", [org.id, role.id]);
    await tx.query("DELETE FROM principals WHERE id = $1", [role.id]);
  });
}

/** Gives a user a role: in the control database, and the role's group to the user's login. Idempotent. */
export async function addRoleToUser(platform: Platform, roleId: string, user: UserRow): Promise<void> {
  const login = await dbLogin(platform, user.profile.user_id);
  await platform.orgDatabases.grantGroup(roleGroup(roleId), login.username);
  await addEdge(platform.db.pool, user.principalId, roleId);
}

/** Takes a role from a user, in the database first. */
export async function removeRoleFromUser(platform: Platform, roleId: string, user: UserRow): Promise<void> {
  const login = await dbLogin(platform, user.profile.user_id);
  await platform.orgDatabases.revokeGroup(roleGroup(roleId), login.username);
  await platform.db.pool.query("DELETE FROM principal_edges WHERE holder = $1 AND held = $2", [
    user.principalId,
    roleId,
  ]);
}

/** The Auth0 profiles of the users who hold the organization's role directly (none for an unknown role). */
export async function usersOfRole(db: Queryable, orgId: string, roleId: string): Promise<UserProfile[]> {
  const { rows } = await db.query<{ profile: UserProfile }>(
    `SELECT u.profile FROM principal_edges e JOIN principals p ON p.id = e.holder AND p.type = 'USER'
       JOIN users u ON u.user_id = p.principal_id JOIN principals r ON r.id = e.held AND r.organization_id = $1
     WHERE e.held = $2 ORDER BY u.user_id`,
    [orgId, roleId],
  );
  return rows.map((row) => row.profile);
}
