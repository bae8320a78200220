import { randomUUID } from "node:crypto";
import type { NewOrganization, Organization, OrganizationPrincipal } from "../../lib/schemas/index.js";
import { databaseUnavailable, type Queryable } from "../db/control.js";
import { badRequest, illegalState, notAccessible } from "../http/errors.js";
import { adminRoleTitle, defaultDatabaseName, integrationLogin, roleGroup, rolePrincipalId } from "../naming.js";
import type { Permission } from "../../lib/schemas/index.js";
import { type Caller, ensurePermission, grant, PERMISSIONS } from "./acl.js";
import { generateCredential } from "./credentials.js";
import { checkGrant } from "./grants.js";
import { addMember } from "./members.js";
import { requireUser } from "./users.js";
import type { Platform } from "./platform.js";
import {
  addEdge,
  insertPrincipal,
  lockPrincipalCreation,
  type OrganizationRow,
  type PrincipalRow,
  toRole,
  toSecurablePrincipal,
} from "./principals.js";
import { addRoleToUser, readableRolesSql } from "./roles.js";

export type { Platform };

export async function findOrganization(db: Queryable, id: string): Promise<OrganizationRow | undefined> {
  const { rows } = await db.query<OrganizationRow>(
    "SELECT * FROM organizations o JOIN principals p USING (id) WHERE o.id = $1",
    [id],
  );
  return rows[0];
}

/** The organization, or the final server's 500 `Organization [<id>] does not exist.` */
export async function requireOrganization(db: Queryable, id: string): Promise<OrganizationRow> {
  const org = await findOrganization(db, id);
  if (!org) throw illegalState(`Organization [${id}] does not exist.`);
  return org;
}

/** SQL: whether the principals `held` hold `permission` on the organization `o`. */
const holds = (held: string, permission: string) =>
  `EXISTS (SELECT 1 FROM aces a WHERE a.acl_key = ARRAY[o.id] AND a.principal = ANY(${held}) AND ${permission} = ANY(a.permissions))`;

/**
 * The organization after checking the caller holds `permission` on `[orgId]` (READ for members, OWNER…), in one
 * query: 500 when it does not exist, else 401 `Object [<id>] is not accessible.` without the permission.
 */
export async function accessOrganization(db: Queryable, caller: Caller, id: string, permission: Permission) {
  const { rows } = await db.query<OrganizationRow & { permitted: boolean }>({
    name: "access-organization",
    text: `SELECT *, ${holds("$2", "$3")} AS permitted FROM organizations o JOIN principals p USING (id) WHERE o.id = $1`,
    values: [id, caller.held, permission],
  });
  return permitted(rows[0], id);
}

/** The organization's row when found and permitted: else 500 `Organization [<id>] does not exist.`, or 401. */
function permitted<Row extends { permitted: boolean }>(found: Row | undefined, id: string): Omit<Row, "permitted"> {
  if (!found) throw illegalState(`Organization [${id}] does not exist.`);
  if (!found.permitted) throw notAccessible([id]);
  const { permitted: _, ...row } = found;
  return row;
}

/**
 * The organization after the ACL check alone, as the real server's calls that never ask whether it exists:
 * an unknown organization fails the check, a 401 like any object the caller may not touch.
 */
export async function permittedOrganization(db: Queryable, caller: Caller, id: string, permission: Permission) {
  await ensurePermission(db, caller, [id], permission);
  return requireOrganization(db, id);
}

/**
 * Creates the organization, its admin role and its database with an integration login. The creator
 * gets every permission on it, becomes a member and holds the admin role.
 */
export async function createOrganization(
  platform: Platform,
  caller: Caller,
  body: NewOrganization & { title: string },
) {
  if ((body.connections?.length ?? 0) > 0 && !caller.isAdmin)
    throw badRequest("Must be admin to specify auto-enrollments");
  for (const grants of Object.values(body.grants ?? {})) Object.values(grants).forEach(checkGrant);
  const id = body.id ?? randomUUID();
  const org = await platform.db.transaction(async (tx) => {
    await lockPrincipalCreation(tx);
    const { rowCount } = await tx.query("SELECT 1 FROM principals WHERE principal_id = $1", [body.principal.id]);
    if (rowCount || (await aclKeyTaken(tx, id))) {
      throw badRequest(
        "Unable to create securable principal for organization. This means the organization probably already exists.",
      );
    }
    const orgPrincipal = await insertPrincipal(tx, {
      id,
      type: "ORGANIZATION",
      principalId: body.principal.id,
      title: body.title,
      description: body.description,
    });
    const roleId = randomUUID();
    const adminName = adminRoleTitle(body.principal.id);
    const adminRole = await insertPrincipal(tx, {
      id: roleId,
      type: "ROLE",
      principalId: rolePrincipalId(id, adminName),
      title: adminName,
      description: "Administrators of this organization",
      organizationId: id,
      aclKey: [id, roleId],
    });
    for (const holder of [adminRole.id, caller.principalId]) {
      await grant(tx, [id], holder, PERMISSIONS);
      await grant(tx, adminRole.acl_key, holder, PERMISSIONS);
    }
    await grant(tx, adminRole.acl_key, orgPrincipal.id, ["READ"]);
    await addEdge(tx, caller.principalId, adminRole.id);
    const { rows } = await tx.query<{
      database_name: string;
      integration_user: string;
      integration_credential: string;
      admin_role_id: string;
    }>(
      `INSERT INTO organizations (id, admin_role_id, email_domains, apps, connections, grants, database_name,
         integration_user, integration_credential)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING database_name, integration_user, integration_credential, admin_role_id`,
      [
        id,
        roleId,
        body.emailDomains ?? [],
        body.apps ?? [],
        body.connections ?? [],
        body.grants ?? {},
        defaultDatabaseName(id),
        integrationLogin(id),
        generateCredential(),
      ],
    );
    return rows[0]!;
  });
  try {
    await platform.orgDatabases.create(org.database_name, org.integration_user, org.integration_credential);
    const creator = await requireUser(platform.db.pool, caller.userId);
    await addMember(platform, { id, database_name: org.database_name }, creator);
    await platform.orgDatabases.createGroup(roleGroup(org.admin_role_id));
    await addRoleToUser(platform, org.admin_role_id, creator);
  } catch (error) {
    await deleteOrganization(platform, id, org.database_name, org.integration_user).catch(() => {}); // else recovery at the next start
    if (databaseUnavailable(error)) throw error;
    throw illegalState(`Unable to create the database of organization ${id}: ${(error as Error).message}`);
  }
  return id;
}

/**
 * Whether `[id]` is already the acl key of something (a principal, an entity set, a data-model type, a table of
 * an organization's database, anything with access control entries): an organization given that id would own it,
 * and take its entries when deleted.
 */
async function aclKeyTaken(tx: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM principals WHERE id = $1 UNION ALL SELECT 1 FROM entity_sets WHERE id = $1
     UNION ALL SELECT 1 FROM entity_types WHERE id = $1 UNION ALL SELECT 1 FROM property_types WHERE id = $1
     UNION ALL SELECT 1 FROM org_tables WHERE id = $1 UNION ALL SELECT 1 FROM aces WHERE acl_key[1] = $1 LIMIT 1`,
    [id],
  );
  return Boolean(rowCount);
}

/** Drops the organization's database and login, then everything the control database holds about it. */
export async function deleteOrganization(
  platform: Platform,
  id: string,
  databaseName: string,
  integrationUser: string,
) {
  await platform.orgDatabases.drop(databaseName, integrationUser);
  const roles = await platform.db.pool.query<{ id: string }>("SELECT id FROM principals WHERE organization_id = $1", [
    id,
  ]);
  for (const role of roles.rows) await platform.orgDatabases.dropGroup(roleGroup(role.id));
  await platform.db.transaction(async (tx) => {
    await tx.query(
      "DELETE FROM aces WHERE acl_key[1] IN (SELECT t.id FROM org_tables t WHERE t.organization_id = $1)",
      [id],
    );
    await tx.query("DELETE FROM organizations WHERE id = $1", [id]);
    await tx.query("DELETE FROM aces WHERE acl_key[1] = $1", [id]);
    await tx.query("DELETE FROM principals WHERE organization_id = $1 OR id = $1", [id]);
  });
}

/** An organization's row with what a caller sees of it: its members' ids, the roles the caller may read. */
type DescribedRow = OrganizationRow & { member_ids: string[]; readable_roles: PrincipalRow[] };

/** SQL: the columns of DescribedRow beside the organization `o`, for a caller holding the principals $1. */
const DESCRIPTION = `ARRAY(SELECT m.principal_id FROM principal_edges e JOIN principals m ON m.id = e.holder
       WHERE e.held = o.id AND m.type = 'USER' ORDER BY m.principal_id) AS member_ids,
     coalesce((SELECT json_agg(to_json(r) ORDER BY r.title) FROM (${readableRolesSql("o.id", "$1")}) r), '[]') AS readable_roles`;

/** The organization as the caller sees it, after checking they hold READ on it (as accessOrganization), in one query. */
export async function describedOrganization(db: Queryable, caller: Caller, id: string): Promise<Organization> {
  const { rows } = await db.query<DescribedRow & { permitted: boolean }>({
    name: "described-organization",
    text: `SELECT *, ${DESCRIPTION}, ${holds("$1", "'READ'")} AS permitted FROM organizations o JOIN principals p USING (id)
           WHERE o.id = $2`,
    values: [caller.held, id],
  });
  return describe(permitted(rows[0], id));
}

/** The organizations on which the caller holds READ, as they see them, oldest title first. */
export async function describedOrganizations(db: Queryable, caller: Caller): Promise<Organization[]> {
  const { rows } = await db.query<DescribedRow>(
    `SELECT *, ${DESCRIPTION} FROM organizations o JOIN principals p USING (id) WHERE ${holds("$1", "'READ'")}
     ORDER BY p.title, o.id`,
    [caller.held],
  );
  return rows.map(describe);
}

function describe(org: DescribedRow): Organization {
  return {
    id: org.id,
    principal: { type: "ORGANIZATION", id: org.principal_id },
    title: org.title,
    description: org.description,
    adminRoleAclKey: [org.id, org.admin_role_id],
    emailDomains: org.email_domains,
    members: org.member_ids.map((id) => ({ type: "USER" as const, id })),
    roles: org.readable_roles.map(toRole),
    apps: org.apps,
    connections: org.connections,
    grants: org.grants,
  };
}

/** The organizations on which the caller holds READ, oldest title first. */
export async function readableOrganizations(db: Queryable, caller: Caller): Promise<OrganizationRow[]> {
  const { rows } = await db.query<OrganizationRow>(
    `SELECT * FROM organizations o JOIN principals p USING (id) WHERE ${holds("$1", "'READ'")} ORDER BY p.title, o.id`,
    [caller.held],
  );
  return rows;
}

export const toOrganizationPrincipal = (row: PrincipalRow) => toSecurablePrincipal(row) as OrganizationPrincipal;
