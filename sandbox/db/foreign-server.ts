import pg from "pg";

const { escapeLiteral: literal } = pg;

/** The foreign server through which an organization's database reads the control database's entity-set views. */
export const FOREIGN_SERVER = "platform";

/**
 * The statements that make the foreign server `platform` and the superuser's mapping to it in an organization's
 * database, or bring both up to date with `control` (the control database's superuser connection): the port of
 * the embedded server changes at every start, and the URL's password may have changed since the last one.
 */
export function foreignServerStatements(control: pg.ClientConfig): string[] {
  const server = { host: String(control.host), port: String(control.port), dbname: String(control.database) };
  const mapping = { user: String(control.user), password: String(control.password) };
  const set = (options: Record<string, string>) =>
    Object.entries(options)
      .map(([name, value]) => `SET ${name} ${literal(value)}`)
      .join(", ");
  const add = (options: Record<string, string>) =>
    Object.entries(options)
      .map(([name, value]) => `${name} ${literal(value)}`)
      .join(", ");
  return [
    "CREATE EXTENSION IF NOT EXISTS postgres_fdw",
    `CREATE SERVER IF NOT EXISTS ${FOREIGN_SERVER} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (${add(server)}, fetch_size '10000')`,
    `ALTER SERVER ${FOREIGN_SERVER} OPTIONS (${set(server)})`,
    `CREATE USER MAPPING IF NOT EXISTS FOR CURRENT_USER SERVER ${FOREIGN_SERVER} OPTIONS (${add(mapping)})`,
    `ALTER USER MAPPING FOR CURRENT_USER SERVER ${FOREIGN_SERVER} OPTIONS (${set(mapping)})`,
  ];
}

/**
 * Whether an error is postgres_fdw failing to connect to the control database (code 08001 raised by the
 * organization's database, whose own connection works): a stale address or credential, not an unavailable server.
 */
export function foreignServerFailed(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return (
    e?.code === "08001" &&
    typeof e.message === "string" &&
    e.message.startsWith(`could not connect to server "${FOREIGN_SERVER}"`)
  );
}
