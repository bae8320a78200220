import type { OrganizationMember, UserProfile } from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { grant } from "./acl.js";
import type { Platform } from "./platform.js";
import { applyGrants } from "./grants.js";
import { addEdge, type PrincipalRow, toSecurablePrincipal } from "./principals.js";
import { roleGroup } from "../naming.js";
import { dbLogin, findDbLogin, type UserRow } from "./users.js";

interface MembershipTarget {
  id: string;
  database_name: string;
}

/**
 * Makes a user a member (idempotent): their login may connect to the organization's database, they hold
 * the organization's principal, and they may READ the organization. A new member gets the roles whose
 * grants match them.
 */
export async function addMember(platform: Platform, org: MembershipTarget, user: UserRow): Promise<void> {
  const login = await dbLogin(platform, user.profile.user_id);
  await platform.orgDatabases.grantMember(org.database_name, login.username);
  const joined = await platform.db.transaction(async (tx) => {
    const added = await addEdge(tx, user.principalId, org.id);
    await grant(tx, [org.id], user.principalId, ["READ"]);
    return added;
  });
  if (joined) await applyGrants(platform, org.id, user);
}

/** Ends a membership: database access first, then the organization's principal, its roles and READ. */
export async function removeMember(platform: Platform, org: MembershipTarget, user: UserRow): Promise<void> {
  const login = await findDbLogin(platform.db.pool, user.profile.user_id);
  if (login) {
    await platform.orgDatabases.revokeMember(org.database_name, login.username);
    const held = await platform.db.pool.query<{ id: string }>(
      "SELECT p.id FROM principal_edges e JOIN principals p ON p.id = e.held WHERE e.holder = $1 AND p.organization_id = $2",
      [user.principalId, org.id],
    );
    for (const role of held.rows) await platform.orgDatabases.revokeGroup(roleGroup(role.id), login.username);
  }
  await platform.db.transaction(async (tx) => {
    await tx.query(
      `DELETE FROM principal_edges WHERE holder = $1
         AND held IN (SELECT id FROM principals WHERE id = $2 OR organization_id = $2)`,
      [user.principalId, org.id],
    );
    await tx.query(
      "UPDATE aces SET permissions = array_remove(permissions, 'READ') WHERE acl_key = $1 AND principal = $2",
      [[org.id], user.principalId],
    );
    await tx.query("DELETE FROM aces WHERE permissions = '{}'");
  });
}

/** Every member with their profile and every principal they hold, in all organizations, as the real server answers. */
export async function membersOf(db: Queryable, orgId: string): Promise<OrganizationMember[]> {
  const { rows } = await db.query<PrincipalRow & { profile: UserProfile; held: PrincipalRow[] }>({
    name: "members-of",
    text: `WITH RECURSIVE members AS (
       SELECT p.* FROM principal_edges e JOIN principals p ON p.id = e.holder AND p.type = 'USER' WHERE e.held = $1),
     held(member, id) AS (
       SELECT e.holder, e.held FROM principal_edges e JOIN members m ON m.id = e.holder
       UNION SELECT h.member, e.held FROM principal_edges e JOIN held h ON e.holder = h.id),
     held_rows AS (
       SELECT h.member, json_agg(to_json(p) ORDER BY p.type, p.title) AS held
       FROM held h JOIN principals p ON p.id = h.id GROUP BY h.member)
     SELECT m.*, u.profile, coalesce(r.held, '[]') AS held
     FROM members m JOIN users u ON u.user_id = m.principal_id LEFT JOIN held_rows r ON r.member = m.id
     ORDER BY m.principal_id`,
    values: [orgId],
  });
  return rows.map(({ profile, held, ...principal }) => ({
    principal: toSecurablePrincipal(principal),
    profile,
    roles: held.map(toSecurablePrincipal),
  }));
}

/** The principals a principal holds, directly or not (itself excluded). */
export async function heldRows(db: Queryable, principalId: string): Promise<PrincipalRow[]> {
  const { rows } = await db.query<PrincipalRow>(
    `WITH RECURSIVE held(id) AS (
       SELECT held FROM principal_edges WHERE holder = $1
       UNION SELECT e.held FROM principal_edges e JOIN held h ON e.holder = h.id)
     SELECT p.* FROM principals p JOIN held USING (id) ORDER BY p.type, p.title`,
    [principalId],
  );
  return rows;
}
