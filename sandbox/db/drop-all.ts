import pg from "pg";
import { CONTROL_DATABASE } from "./control.js";
import { where, withSandboxLock } from "./existing-server.js";
import { DEFAULT_DATABASE_NAME, INTERNAL_ROLE_PREFIX } from "../naming.js";

const { escapeIdentifier: id } = pg;

/** What the sandbox leaves on a server: its databases and its logins and group roles. */
export interface SandboxObjects {
  databases: string[];
  roles: string[];
}

/**
 * Removes everything the sandbox made on an existing server: the control database, every organization's
 * database (renamed ones too, as the control database records them), the integration logins, the role groups
 * and the users' logins. Refused while a sandbox runs on the server (it holds the sandbox lock).
 */
export async function dropAll(url: string, log: (line: string) => void = () => {}): Promise<SandboxObjects> {
  return withSandboxLock(url, async (client, server) => {
    const found = await sandboxObjects(client, server.connection(CONTROL_DATABASE));
    for (const database of found.databases) await client.query(`DROP DATABASE IF EXISTS ${id(database)} WITH (FORCE)`);
    for (const role of found.roles) await client.query(`DROP ROLE IF EXISTS ${id(role)}`);
    log(
      `dropped ${found.databases.length} databases and ${found.roles.length} roles from PostgreSQL at ${where(server)}`,
    );
    return found;
  });
}

/** The sandbox's objects on the server: those the control database records, and those named as only the sandbox names them. */
async function sandboxObjects(client: pg.Client, control: pg.ClientConfig): Promise<SandboxObjects> {
  const recorded = await recordedObjects(client, control);
  const { rows: databases } = await client.query<{ name: string }>(
    "SELECT datname AS name FROM pg_database WHERE datname ~ $2 OR datname = ANY($1)",
    [[CONTROL_DATABASE, ...recorded.databases], DEFAULT_DATABASE_NAME.source],
  );
  const { rows: roles } = await client.query<{ name: string }>(
    "SELECT rolname AS name FROM pg_roles WHERE starts_with(rolname, $2) OR rolname = ANY($1)",
    [recorded.roles, INTERNAL_ROLE_PREFIX],
  );
  // the control database last: it is the record, should the drop be cut short
  const names = databases
    .map((row) => row.name)
    .sort((a, b) => Number(a === CONTROL_DATABASE) - Number(b === CONTROL_DATABASE));
  return { databases: names, roles: roles.map((row) => row.name) };
}

async function recordedObjects(client: pg.Client, control: pg.ClientConfig): Promise<SandboxObjects> {
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [CONTROL_DATABASE]);
  if (exists.rowCount === 0) return { databases: [], roles: [] };
  const db = new pg.Client(control);
  await db.connect();
  try {
    const tables = await db.query<{ orgs: boolean; logins: boolean }>(
      "SELECT to_regclass('public.organizations') IS NOT NULL AS orgs, to_regclass('public.db_logins') IS NOT NULL AS logins",
    );
    const { orgs, logins } = tables.rows[0]!;
    const databases = orgs
      ? (await db.query<{ name: string }>("SELECT database_name AS name FROM organizations")).rows
      : [];
    const roles = logins ? (await db.query<{ name: string }>("SELECT username AS name FROM db_logins")).rows : [];
    return { databases: databases.map((row) => row.name), roles: roles.map((row) => row.name) };
  } finally {
    await db.end();
  }
}

/** `npm run sandbox -- --drop-all`: on an existing server only; the embedded server's data is its folder. */
export async function dropAllCommand(url: string | undefined, dataDir: string): Promise<void> {
  if (!url) {
    throw new Error(
      `--drop-all empties an existing PostgreSQL server given by --database-url or SANDBOX_DATABASE_URL; ` +
        `the embedded server's data is in ${dataDir}: stop the sandbox and delete that folder`,
    );
  }
  const dropped = await dropAll(url, (line) => console.log(line));
  for (const name of dropped.databases) console.log(`  database ${name}`);
  for (const name of dropped.roles) console.log(`  role ${name}`);
}
