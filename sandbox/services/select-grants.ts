import pg from "pg";
import { revokeAllStatement } from "../db/org-databases.js";
import { roleGroup } from "../naming.js";
import type { Platform } from "./platform.js";
import { dbLogin } from "./users.js";

const { escapeIdentifier: id } = pg;

/**
 * The statements that make SQL say what the permissions say on one relation of an organization's database,
 * standing for the object `objectId` (an entity set, a table): every grant on it taken back, then SELECT on all of
 * it for the integration login, and for each user, and each role of the organization, holding READ on `[objectId]`
 * SELECT on `columns(readable)`, where `readable` are the ids `x` of the `[objectId, x]` it holds READ on (a role's
 * through its group role). A reader given no column gets no grant.
 */
export async function selectGrantStatements(
  platform: Platform,
  org: { id: string; integration_user: string },
  relation: string,
  objectId: string,
  columns: (readable: string[]) => string[],
): Promise<string[]> {
  const readers = await platform.db.pool.query<{
    type: string;
    principal_id: string;
    role_id: string;
    readable: string[];
  }>(
    `SELECT p.type, p.principal_id, p.id AS role_id,
       ARRAY(SELECT c.acl_key[2]::text FROM aces c WHERE c.acl_key[1] = $1 AND cardinality(c.acl_key) = 2
             AND c.principal = p.id AND 'READ' = ANY(c.permissions)) AS readable
     FROM aces a JOIN principals p ON p.id = a.principal
     WHERE a.acl_key = ARRAY[$1::uuid] AND 'READ' = ANY(a.permissions)
       AND (p.type = 'USER' OR (p.type = 'ROLE' AND p.organization_id = $2))`,
    [objectId, org.id],
  );
  const statements = [revokeAllStatement(relation), `GRANT SELECT ON ${relation} TO ${id(org.integration_user)}`];
  for (const reader of readers.rows) {
    const granted = columns(reader.readable);
    if (granted.length === 0) continue;
    const grantee =
      reader.type === "USER" ? (await dbLogin(platform, reader.principal_id)).username : roleGroup(reader.role_id);
    statements.push(`GRANT SELECT (${granted.map((c) => id(c)).join(", ")}) ON ${relation} TO ${id(grantee)}`);
  }
  return statements;
}
