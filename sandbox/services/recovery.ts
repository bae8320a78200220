import pg from "pg";
import { FOREIGN_SERVER, foreignServerStatements } from "../db/foreign-server.js";
import { DEFAULT_DATABASE_NAME, isIntegrationLogin, isRoleGroup, roleGroup } from "../naming.js";
import { regrant } from "./assembly.js";
import { regrantTable } from "./tables.js";
import { deleteOrganization } from "./organizations.js";
import type { Platform } from "./platform.js";
import { dbLogin } from "./users.js";

const { escapeIdentifier: id, escapeLiteral: literal } = pg;

/** The cluster's roles, and its databases with the roles granted CONNECT on each. */
interface Cluster {
  roles: Set<string>;
  databases: Map<string, string[]>;
}

/**
 * Makes the platform whole before the sandbox serves, after a crash in the middle of writes. Writes span the
 * control database and the cluster (databases, logins, grants), so a crash can leave one without the other;
 * the control database is the record, and every acknowledged write is complete in it. Returns one line per repair.
 *
 * - An organization whose database is missing, or whose creation did not reach its admin role's group, was never
 *   acknowledged (or was being destroyed): it is rolled back. A database renamed without its record is recorded.
 *   A missing integration login is made again.
 * - Databases, integration logins and role groups that belong to no organization or role are dropped.
 * - Logins, role groups, group grants and database access follow the control database: users' logins exist,
 *   every role has its group, a user's login is in a role's group exactly when the user holds the role, and may
 *   use an organization's database exactly when the user is a member. Passwords are the recorded credentials;
 *   organizations' foreign servers (postgres_fdw) use the control database's address and credential of this start.
 * - A materialized entity set has both its record (with its flags) and its view, or neither; SELECT grants on
 *   the views are applied again.
 */
export async function recover(platform: Platform): Promise<string[]> {
  const repairs: string[] = [];
  const note = (line: string) => void repairs.push(line);
  await recoverUserLogins(platform, note);
  await recoverOrganizations(platform, note);
  await dropOrphans(platform, note);
  await recoverRoleGroups(platform, note);
  await syncPasswords(platform);
  await recoverGroupGrants(platform, note);
  await recoverInsideDatabases(platform, note);
  return repairs;
}

type Note = (line: string) => void;

async function cluster(platform: Platform): Promise<Cluster> {
  const db = platform.db.pool;
  const roles = await db.query<{ rolname: string }>("SELECT rolname FROM pg_roles");
  const databases = await db.query<{ datname: string; connect: string[] }>(
    `SELECT d.datname, ARRAY(SELECT r.rolname::text FROM aclexplode(d.datacl) a JOIN pg_roles r ON r.oid = a.grantee
                             WHERE a.privilege_type = 'CONNECT') AS connect
     FROM pg_database d WHERE NOT d.datistemplate`,
  );
  return {
    roles: new Set(roles.rows.map((row) => row.rolname)),
    databases: new Map(databases.rows.map((row) => [row.datname, row.connect])),
  };
}

/** A user's login row is written before its role is created. */
async function recoverUserLogins(platform: Platform, note: Note) {
  const { rows } = await platform.db.pool.query<{ username: string; credential: string }>(
    "SELECT username, credential FROM db_logins l WHERE NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = l.username)",
  );
  for (const login of rows) {
    await platform.orgDatabases.createLogin(login.username, login.credential);
    note(`made the missing database login ${login.username}`);
  }
}

async function recoverOrganizations(platform: Platform, note: Note) {
  const { roles, databases } = await cluster(platform);
  const { rows } = await platform.db.pool.query<{
    id: string;
    database_name: string;
    integration_user: string;
    integration_credential: string;
    admin_role_id: string;
  }>("SELECT id, database_name, integration_user, integration_credential, admin_role_id FROM organizations");
  for (const org of rows) {
    const database = databases.has(org.database_name)
      ? org.database_name
      : [...databases].find(([, connect]) => connect.includes(org.integration_user))?.[0];
    if (!database || !roles.has(roleGroup(org.admin_role_id))) {
      await deleteOrganization(platform, org.id, database ?? org.database_name, org.integration_user);
      note(`rolled back organization ${org.id}: ${database ? "its creation did not finish" : "it has no database"}`);
      continue;
    }
    if (database !== org.database_name) {
      await platform.db.pool.query("UPDATE organizations SET database_name = $2 WHERE id = $1", [org.id, database]);
      note(`organization ${org.id}: recorded the rename of its database to ${database}`);
    }
    if (!roles.has(org.integration_user)) {
      const login = id(org.integration_user);
      await platform.orgDatabases.run(
        "postgres",
        `CREATE ROLE ${login} LOGIN PASSWORD ${literal(org.integration_credential)}`,
        `GRANT CONNECT, TEMPORARY ON DATABASE ${id(database)} TO ${login}`,
        `ALTER ROLE ${login} SET search_path TO openlattice, staging`,
      );
      await platform.orgDatabases.run(
        database,
        `GRANT USAGE, CREATE ON SCHEMA openlattice TO ${login}`,
        `GRANT ALL ON SCHEMA staging TO ${login}`,
      );
      note(`organization ${org.id}: made its missing integration login again`);
    }
  }
}

/** Organizations' databases and integration logins without an organization, and groups of roles that are gone. */
async function dropOrphans(platform: Platform, note: Note) {
  const { roles, databases } = await cluster(platform);
  const orgs = (
    await platform.db.pool.query<{ database_name: string; integration_user: string }>(
      "SELECT database_name, integration_user FROM organizations",
    )
  ).rows;
  const roleIds = (await platform.db.pool.query<{ id: string }>("SELECT id FROM principals WHERE type = 'ROLE'")).rows;
  const [known, logins, groups] = [
    orgs.map((o) => o.database_name),
    orgs.map((o) => o.integration_user),
    roleIds.map((r) => roleGroup(r.id)),
  ];
  for (const [name, connect] of databases) {
    const organizations = DEFAULT_DATABASE_NAME.test(name) || connect.some(isIntegrationLogin);
    if (!organizations || known.includes(name)) continue;
    await platform.orgDatabases.run("postgres", `DROP DATABASE IF EXISTS ${id(name)} WITH (FORCE)`);
    note(`dropped database ${name}, which belongs to no organization`);
  }
  for (const role of roles) {
    const orphan =
      (isIntegrationLogin(role) && !logins.includes(role)) || (isRoleGroup(role) && !groups.includes(role));
    if (!orphan) continue;
    for (const database of known) await platform.orgDatabases.run(database, `DROP OWNED BY ${id(role)}`);
    await platform.orgDatabases.run("postgres", `DROP ROLE IF EXISTS ${id(role)}`);
    note(`dropped ${role}, which belongs to no organization or role`);
  }
}

/** A role's group is made after its record. */
async function recoverRoleGroups(platform: Platform, note: Note) {
  const { roles } = await cluster(platform);
  const { rows } = await platform.db.pool.query<{ id: string }>("SELECT id FROM principals WHERE type = 'ROLE'");
  for (const role of rows.filter((r) => !roles.has(roleGroup(r.id)))) {
    await platform.orgDatabases.createGroup(roleGroup(role.id));
    note(`made the missing group of role ${role.id}`);
  }
}

/** New passwords are set in PostgreSQL before they are recorded. */
async function syncPasswords(platform: Platform) {
  await platform.db.pool.query(
    `DO $$ DECLARE login record; BEGIN
       FOR login IN SELECT username AS name, credential FROM db_logins
                    UNION ALL SELECT integration_user, integration_credential FROM organizations LOOP
         EXECUTE format('ALTER ROLE %I PASSWORD %L', login.name, login.credential);
       END LOOP;
     END $$`,
  );
}

/** A user's login is in a role's group exactly when the user holds the role. */
async function recoverGroupGrants(platform: Platform, note: Note) {
  const db = platform.db.pool;
  const holders = await db.query<{ user_id: string }>(
    `SELECT DISTINCT u.principal_id AS user_id FROM principal_edges e JOIN principals u ON u.id = e.holder AND u.type = 'USER'
     WHERE NOT EXISTS (SELECT 1 FROM db_logins l WHERE l.user_id = u.principal_id)`,
  );
  for (const { user_id } of holders.rows) await dbLogin(platform, user_id);
  const wanted = await db.query<{ role_id: string; username: string }>(
    `SELECT e.held AS role_id, l.username FROM principal_edges e
       JOIN principals r ON r.id = e.held AND r.type = 'ROLE'
       JOIN principals u ON u.id = e.holder AND u.type = 'USER' JOIN db_logins l ON l.user_id = u.principal_id`,
  );
  const granted = await db.query<{ grp: string; username: string }>(
    `SELECT g.rolname AS grp, m.rolname AS username FROM pg_auth_members a
       JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member WHERE starts_with(g.rolname, $1)`,
    [roleGroup("")],
  );
  const key = (grp: string, username: string) => `${grp}\n${username}`;
  const want = new Set(wanted.rows.map((row) => key(roleGroup(row.role_id), row.username)));
  const have = new Set(granted.rows.map((row) => key(row.grp, row.username)));
  for (const row of wanted.rows.filter((r) => !have.has(key(roleGroup(r.role_id), r.username)))) {
    await platform.orgDatabases.grantGroup(roleGroup(row.role_id), row.username);
    note(`granted role ${row.role_id}'s group to ${row.username}, who holds the role`);
  }
  for (const row of granted.rows.filter((r) => !want.has(key(r.grp, r.username)))) {
    await platform.orgDatabases.revokeGroup(row.grp, row.username);
    note(`revoked ${row.grp} from ${row.username}, who does not hold the role`);
  }
}

/** What one organization's database holds: each login's access, and the views the superuser made. */
const INSIDE = `
  SELECT COALESCE((
      SELECT json_agg(json_build_object('username', r.rolname,
        'connect', EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a
                           WHERE d.datname = current_database() AND a.grantee = r.oid AND a.privilege_type = 'CONNECT'),
        'schemas', has_schema_privilege(r.oid, 'openlattice', 'USAGE')::int + has_schema_privilege(r.oid, 'staging', 'USAGE')::int))
      FROM pg_roles r WHERE r.rolname = ANY($1)), '[]') AS access,
    ARRAY(SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'openlattice' AND c.relkind = 'm' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)) AS views,
    EXISTS (SELECT 1 FROM pg_foreign_server WHERE srvname = $2) AS foreign_server`;

interface Inside {
  access: { username: string; connect: boolean; schemas: number }[];
  views: string[];
  foreign_server: boolean;
}

/**
 * What one organization's database holds, read in the session that also brings its foreign server (postgres_fdw),
 * if it has one, up to date: it reaches the control database where it is now, with the credential of today's superuser.
 */
function lookInside(platform: Platform, database: string, logins: string[]): Promise<Inside> {
  return platform.orgDatabases.session(database, async (session) => {
    const {
      rows: [inside],
    } = await session.query<Inside>(INSIDE, [logins, FOREIGN_SERVER]);
    if (inside!.foreign_server)
      await session.query(["BEGIN", ...foreignServerStatements(platform.db.connection), "COMMIT"].join(";\n"));
    return inside!;
  });
}

/**
 * Inside each organization's database (a few at a time, each in one session that also updates its foreign server):
 * a user's login may connect and use the schemas exactly when the user is a member; a materialized entity set has
 * both its record and its view, or neither. Then SELECT grants on the views, and on the tables the
 * organization-database API knows, are applied again.
 */
async function recoverInsideDatabases(platform: Platform, note: Note) {
  const db = platform.db.pool;
  const logins = (await db.query<{ username: string }>("SELECT username FROM db_logins")).rows.map(
    (row) => row.username,
  );
  const entitySets = (await db.query<{ id: string; name: string }>("SELECT id, name FROM entity_sets")).rows;
  const { rows: orgs } = await db.query<{ id: string; database_name: string; members: string[]; recorded: string[] }>(
    `SELECT o.id, o.database_name,
       ARRAY(SELECT l.username FROM principal_edges e JOIN principals u ON u.id = e.holder AND u.type = 'USER'
               JOIN db_logins l ON l.user_id = u.principal_id WHERE e.held = o.id) AS members,
       ARRAY(SELECT m.entity_set_id::text FROM materialized_entity_sets m WHERE m.organization_id = o.id) AS recorded
     FROM organizations o`,
  );
  for (let i = 0; i < orgs.length; i += 8) {
    const batch = orgs.slice(i, i + 8);
    const insides = await Promise.all(batch.map((org) => lookInside(platform, org.database_name, logins)));
    for (const [k, org] of batch.entries()) {
      await recoverAccess(platform, org, insides[k]!.access, note);
      await recoverViews(platform, org, insides[k]!.views, entitySets, note);
    }
  }
  const materialized = await db.query<{ id: string }>(
    "SELECT DISTINCT entity_set_id AS id FROM materialized_entity_sets",
  );
  for (const set of materialized.rows) await regrant(platform, set.id);
  const tables = await db.query<{ id: string }>("SELECT id FROM org_tables");
  for (const table of tables.rows) await regrantTable(platform, table.id);
}

async function recoverAccess(
  platform: Platform,
  org: { id: string; database_name: string; members: string[] },
  access: Inside["access"],
  note: Note,
) {
  for (const login of access) {
    const member = org.members.includes(login.username);
    if (member && !(login.connect && login.schemas === 2)) {
      await platform.orgDatabases.grantMember(org.database_name, login.username);
      note(`organization ${org.id}: gave member login ${login.username} its database access`);
    } else if (!member && (login.connect || login.schemas > 0)) {
      await platform.orgDatabases.revokeMember(org.database_name, login.username);
      note(`organization ${org.id}: took database access from ${login.username}, who is not a member`);
    }
  }
}

/** Assembly creates views before their records. */
async function recoverViews(
  platform: Platform,
  org: { id: string; database_name: string; recorded: string[] },
  views: string[],
  entitySets: { id: string; name: string }[],
  note: Note,
) {
  for (const set of entitySets) {
    if (org.recorded.includes(set.id) && !views.includes(set.name)) {
      await platform.db.pool.query(
        "DELETE FROM materialized_entity_sets WHERE organization_id = $1 AND entity_set_id = $2",
        [org.id, set.id],
      );
      note(`organization ${org.id}: forgot entity set ${set.name}, whose view is missing`);
    } else if (!org.recorded.includes(set.id) && views.includes(set.name)) {
      await platform.orgDatabases.run(
        org.database_name,
        `DROP MATERIALIZED VIEW IF EXISTS openlattice.${id(set.name)}`,
        `DROP FOREIGN TABLE IF EXISTS production.${id(set.id)}`,
      );
      note(`organization ${org.id}: dropped the view of entity set ${set.name}, whose assembly did not finish`);
    }
  }
}
