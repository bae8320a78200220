import pg from "pg";
import { DEFAULT_DATABASE_NAME, integrationLogin, roleGroup } from "../../sandbox/naming.js";
import type { TestSandbox } from "../helpers/sandbox.js";

const GROUP = pg.escapeLiteral(roleGroup(""));
const LOGIN = pg.escapeLiteral(integrationLogin(""));
const ORG_SCHEMAS = ["openlattice", "integrations", "staging", "transporter", "entitysets"];

/** Checks on the control database (the cluster's roles and databases are visible from it); each row is a problem. */
const CONTROL_CHECKS = [
  `SELECT 'organization ' || id || ' has no database ' || database_name FROM organizations o
   WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = o.database_name)`,
  `SELECT 'organization ' || id || ' has no integration login' FROM organizations o
   WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = o.integration_user)`,
  `SELECT 'the integration login of ' || id || ' may not connect' FROM organizations o
   WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = o.integration_user) AND EXISTS (SELECT 1 FROM pg_database WHERE datname = o.database_name)
     AND NOT has_database_privilege(o.integration_user, o.database_name, 'CONNECT')`,
  `SELECT 'database ' || datname || ' belongs to no organization' FROM pg_database d
   WHERE (datname ~ ${pg.escapeLiteral(DEFAULT_DATABASE_NAME.source)} OR EXISTS (SELECT 1 FROM aclexplode(d.datacl) a JOIN pg_roles r ON r.oid = a.grantee
                                                  WHERE starts_with(r.rolname, ${LOGIN})))
     AND datname NOT IN (SELECT database_name FROM organizations)`,
  `SELECT 'login ' || rolname || ' belongs to no organization' FROM pg_roles
   WHERE starts_with(rolname, ${LOGIN}) AND rolname NOT IN (SELECT integration_user FROM organizations)`,
  `SELECT 'group ' || rolname || ' belongs to no role' FROM pg_roles
   WHERE starts_with(rolname, ${GROUP}) AND rolname NOT IN (SELECT ${GROUP} || id FROM principals WHERE type = 'ROLE')`,
  `SELECT 'role ' || id || ' has no group' FROM principals p
   WHERE type = 'ROLE' AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${GROUP} || p.id)`,
  `SELECT 'login ' || username || ' of ' || user_id || ' does not exist' FROM db_logins l
   WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = l.username)`,
  `SELECT 'login ' || l.username || ' holds role ' || e.held || ' without its group' FROM principal_edges e
     JOIN principals r ON r.id = e.held AND r.type = 'ROLE' JOIN principals u ON u.id = e.holder JOIN db_logins l ON l.user_id = u.principal_id
   WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${GROUP} || r.id) AND NOT pg_has_role(l.username, ${GROUP} || r.id, 'MEMBER')`,
  `SELECT 'login ' || m.rolname || ' is in ' || g.rolname || ' without holding the role' FROM pg_auth_members a
     JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
   WHERE starts_with(g.rolname, ${GROUP}) AND NOT EXISTS (
     SELECT 1 FROM principal_edges e JOIN principals u ON u.id = e.holder JOIN db_logins l ON l.user_id = u.principal_id
     WHERE l.username = m.rolname AND ${GROUP} || e.held = g.rolname)`,
  `SELECT 'login ' || l.username || (CASE WHEN member THEN ' (a member)' ELSE ' (not a member)' END) || ' of ' || o.id || ' has the wrong database access'
   FROM organizations o CROSS JOIN db_logins l
     CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM principal_edges e JOIN principals u ON u.id = e.holder
                                        WHERE e.held = o.id AND u.principal_id = l.user_id) AS member) m
   WHERE EXISTS (SELECT 1 FROM pg_database WHERE datname = o.database_name)
     AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = l.username)
     AND member <> has_database_privilege(l.username, o.database_name, 'CONNECT')`,
  `SELECT 'entity set ' || entity_set_id || ' of ' || organization_id || ' is recorded without the MATERIALIZED flag'
   FROM materialized_entity_sets WHERE NOT 'MATERIALIZED' = ANY(flags)`,
];

/**
 * What is half-made on a sandbox, one line per problem, by looking at PostgreSQL itself: organizations without
 * their database, login or admin group, databases and logins without an organization, roles without their group,
 * group grants and database access that do not follow the records, materialized entity sets without their view
 * (or views without their record). Empty when every record and object match.
 */
export async function halfMade(sandbox: TestSandbox): Promise<string[]> {
  const control = await sandbox.superuser("openlattice");
  const problems: string[] = [];
  try {
    for (const check of CONTROL_CHECKS)
      problems.push(...(await control.query({ text: check, rowMode: "array" })).rows.map((row) => String(row[0])));
    const orgs = await control.query<{ id: string; database_name: string; members: string[]; views: string[] }>(
      `SELECT o.id, o.database_name,
         ARRAY(SELECT l.username FROM principal_edges e JOIN principals u ON u.id = e.holder JOIN db_logins l ON l.user_id = u.principal_id
               WHERE e.held = o.id) AS members,
         ARRAY(SELECT s.name FROM materialized_entity_sets m JOIN entity_sets s ON s.id = m.entity_set_id WHERE m.organization_id = o.id) AS views
       FROM organizations o WHERE EXISTS (SELECT 1 FROM pg_database WHERE datname = o.database_name)`,
    );
    for (const org of orgs.rows)
      problems.push(...(await inDatabase(sandbox, org)).map((problem) => `organization ${org.id}: ${problem}`));
  } finally {
    await control.end();
  }
  return problems;
}

/** Schemas, members' schema access and materialized views inside one organization's database. */
async function inDatabase(
  sandbox: TestSandbox,
  org: { database_name: string; members: string[]; views: string[] },
): Promise<string[]> {
  const client = await sandbox.superuser(org.database_name);
  try {
    const { rows } = await client.query<{ problem: string }>(
      `SELECT 'schema ' || s || ' is missing' AS problem FROM unnest($1::text[]) s WHERE NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = s)
       UNION ALL SELECT 'member ' || m || ' may not use its schemas' FROM unnest($2::text[]) m
         WHERE NOT (has_schema_privilege(m, 'openlattice', 'USAGE') AND has_schema_privilege(m, 'staging', 'USAGE'))
       UNION ALL SELECT 'materialized view ' || v || ' is missing' FROM unnest($3::text[]) v
         WHERE to_regclass('openlattice.' || quote_ident(v)) IS NULL
       UNION ALL SELECT 'view ' || c.relname || ' has no record' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'openlattice' AND c.relkind = 'm' AND pg_get_userbyid(c.relowner) = current_user AND c.relname <> ALL($3)`,
      [ORG_SCHEMAS, org.members, org.views],
    );
    return rows.map((row) => row.problem);
  } finally {
    await client.end();
  }
}
