import type pg from "pg";

/** The control database's name (sandbox/db/control.ts). */
const CONTROL = "openlattice";

/**
 * What the sandbox's PostgreSQL holds, compared with `assert.deepEqual` before and after a test:
 * - `control`: every table of the control database as `rows md5`, and every sequence's last value;
 * - `cluster`: the databases with their ACLs, the roles with a hash of their password, role memberships;
 * - `databases`: each other database's schemas and relations (`schema.name kind`) with their ACLs.
 */
export interface DbSnapshot {
  control: Record<string, string>;
  cluster: { databases: string[]; roles: string[]; memberships: string[] };
  databases: Record<string, string[]>;
}

/** `superuser(database)` is a connected superuser client (TestSandbox.superuser); each is ended here. */
export async function takeSnapshot(superuser: (database?: string) => Promise<pg.Client>): Promise<DbSnapshot> {
  const cluster = await onDatabase(superuser, "postgres", clusterState);
  const control = await onDatabase(superuser, CONTROL, controlState);
  const entries: [string, string[]][] = [];
  for (const name of cluster.databases.map((line) => line.split(" ")[0]!)) {
    if (name !== CONTROL && name !== "postgres") entries.push([name, await onDatabase(superuser, name, relations)]);
  }
  // fromEntries: a database may be named `__proto__`, which an assignment would not keep as a key
  return { control, cluster, databases: Object.fromEntries(entries) };
}

async function onDatabase<T>(
  superuser: (database?: string) => Promise<pg.Client>,
  database: string,
  read: (c: pg.Client) => Promise<T>,
) {
  const client = await superuser(database);
  try {
    return await read(client);
  } finally {
    await client.end();
  }
}

const lines = async (client: pg.Client, sql: string) =>
  (await client.query<{ line: string }>(sql)).rows.map((r) => r.line);

async function clusterState(client: pg.Client) {
  return {
    databases: await lines(
      client,
      "SELECT datname || ' ' || coalesce(datacl::text, '') AS line FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname",
    ),
    roles: await lines(
      client,
      "SELECT rolname || ' ' || rolcanlogin || ' ' || md5(coalesce(rolpassword, '')) AS line FROM pg_authid ORDER BY rolname",
    ),
    memberships: await lines(
      client,
      `SELECT r.rolname || ' > ' || m.rolname AS line FROM pg_auth_members a
      JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member ORDER BY line`,
    ),
  };
}

async function controlState(client: pg.Client): Promise<Record<string, string>> {
  const tables = await client.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const state: Record<string, string> = {};
  for (const { schema, name } of tables.rows) {
    const table = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(name)}`;
    const { rows } = await client.query<{ n: string; hash: string | null }>(
      `SELECT count(*) AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS hash FROM ${table} t`,
    );
    state[`${schema}.${name}`] = `${rows[0]!.n} rows ${rows[0]!.hash ?? "-"}`;
  }
  for (const line of await lines(
    client,
    "SELECT schemaname || '.' || sequencename || ' ' || coalesce(last_value::text, '-') AS line FROM pg_sequences ORDER BY 1",
  )) {
    const [name, value] = line.split(" ");
    state[name!] = `sequence at ${value}`;
  }
  return state;
}

async function relations(client: pg.Client): Promise<string[]> {
  return lines(
    client,
    `SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || coalesce(c.relacl::text, '') AS line
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
     UNION ALL
     SELECT 'schema ' || nspname || ' ' || coalesce(nspacl::text, '') FROM pg_namespace
      WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
     ORDER BY 1`,
  );
}
