import { hostname } from "node:os";
import pg from "pg";
import { externalPostgres, type PostgresServer } from "./postgres.js";

/** The oldest PostgreSQL the sandbox runs on: it drops organizations' databases with `DROP DATABASE … WITH (FORCE)` (13). */
export const OLDEST_SUPPORTED = { major: 13, versionNum: 130000 };

/** The advisory lock (in the `postgres` database) a running sandbox holds on its server: one sandbox per server. */
const SANDBOX_LOCK = 0x6f6c5362; // "olSb"

const WHERE_TO_FIX = "(--database-url or SANDBOX_DATABASE_URL)";

/**
 * An existing PostgreSQL server, given by a superuser URL, after the checks that make the sandbox's work possible
 * on it, and with the sandbox lock held until `stop()`: a second sandbox on the same server is refused.
 */
export async function existingServer(url: string): Promise<PostgresServer> {
  const server = serverAt(url);
  const lock = await lockedConnection(server);
  lock.on("error", () =>
    console.error(`sandbox: lost the sandbox lock on PostgreSQL at ${where(server)} (the connection holding it ended)`),
  );
  return { ...server, stop: () => lock.end().catch(() => {}) };
}

/** The server a URL names; a URL that cannot be read is an error that does not repeat it (it holds a password). */
function serverAt(url: string): PostgresServer {
  try {
    return externalPostgres(url);
  } catch (error) {
    // eslint-disable-next-line preserve-caught-error -- URL's error keeps the URL (its input), password and all
    throw new Error(
      `the database URL ${WHERE_TO_FIX} cannot be read (${(error as Error).message}); ` +
        `expected postgres://<user>:<password>@<host>:<port>/<database>, with special characters in the password percent-encoded`,
    );
  }
}

/**
 * A connection to the server's `postgres` database, made only once the server is reachable, accepts the URL's
 * credentials, is recent enough, and the URL's user is a superuser with postgres_fdw available. Each failure is
 * an error saying what to do; none holds the URL's password.
 */
async function connectChecked(server: PostgresServer): Promise<pg.Client> {
  const settings = server.connection("postgres");
  const client = new pg.Client({
    ...settings,
    application_name: `openlattice-sandbox (pid ${process.pid} on ${hostname()})`,
  });
  try {
    await client.connect();
  } catch (error) {
    // eslint-disable-next-line preserve-caught-error -- the message says what failed; no driver error rides along
    throw new Error(connectionFailure(error, server, String(settings.user)));
  }
  try {
    const { rows } = await client.query<{ version: string; num: string; superuser: boolean; fdw: boolean }>(
      `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num,
         (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
         EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgres_fdw') AS fdw`,
    );
    const found = rows[0]!;
    const problem =
      versionProblem(Number(found.num), found.version, server) ??
      (found.superuser ? undefined : notSuperuser(String(settings.user), server)) ??
      (found.fdw ? undefined : noFdw(server));
    if (problem) throw new Error(problem);
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
}

/** Why the server cannot be used for its version (`server_version_num`, `server_version`), or undefined. */
export function versionProblem(
  versionNum: number,
  version: string,
  server: { host: string; port: number },
): string | undefined {
  if (versionNum >= OLDEST_SUPPORTED.versionNum) return undefined;
  return (
    `PostgreSQL ${version} at ${where(server)} is older than ${OLDEST_SUPPORTED.major}, the oldest the sandbox supports; ` +
    `use a PostgreSQL ${OLDEST_SUPPORTED.major} or newer server ${WHERE_TO_FIX}, or leave the URL out to use the embedded PostgreSQL 18`
  );
}

function notSuperuser(user: string, server: PostgresServer): string {
  return (
    `the database URL's user "${user}" is not a superuser on PostgreSQL at ${where(server)}; the sandbox needs a superuser ` +
    `(it creates databases and logins, installs postgres_fdw in organizations' databases and ends other logins' sessions). ` +
    `Use a superuser's URL ${WHERE_TO_FIX}, or as a superuser run: ALTER ROLE ${pg.escapeIdentifier(user)} SUPERUSER;`
  );
}

function noFdw(server: PostgresServer): string {
  return (
    `the postgres_fdw extension is not installed on PostgreSQL at ${where(server)}; assembly reads the platform's data through it. ` +
    `Install the server's contrib modules (Debian and Ubuntu: apt-get install postgresql-contrib; Red Hat: the postgresql<version>-contrib package) and start the sandbox again`
  );
}

/** The failed connection as what to do: the server unreachable, the credentials refused, or anything else PostgreSQL said. */
function connectionFailure(error: unknown, server: PostgresServer, user: string): string {
  const e = error as { code?: string; message?: string };
  const code = String(e.code ?? "");
  if (
    ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"].includes(code)
  ) {
    return `cannot reach PostgreSQL at ${where(server)} (${code}); is the server running and listening there? Check the host and port of the database URL ${WHERE_TO_FIX}`;
  }
  if (code === "28P01" || code === "28000" || /^SASL: /.test(e.message ?? "")) {
    return `PostgreSQL at ${where(server)} refused user "${user}": ${e.message}; check the user and password of the database URL ${WHERE_TO_FIX} (and pg_hba.conf on the server)`;
  }
  return `cannot connect to PostgreSQL at ${where(server)} as "${user}": ${e.message ?? String(error)} ${WHERE_TO_FIX}`;
}

/** A checked connection holding the sandbox lock, or an error naming the sandbox that holds it. */
async function lockedConnection(server: PostgresServer): Promise<pg.Client> {
  const client = await connectChecked(server);
  try {
    await takeSandboxLock(client, server);
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
}

async function takeSandboxLock(client: pg.Client, server: PostgresServer): Promise<void> {
  const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [SANDBOX_LOCK]);
  if (rows[0]!.locked) return;
  const holder = await client.query<{ application_name: string; since: string }>(
    `SELECT a.application_name, to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ') AS since
     FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.granted`,
    [SANDBOX_LOCK],
  );
  const who = holder.rows[0]
    ? `${holder.rows[0].application_name || "a client"}, since ${holder.rows[0].since}`
    : "another session";
  throw new Error(
    `another sandbox is using PostgreSQL at ${where(server)} (${who}); one server serves one sandbox. ` +
      `Stop that one first, or point this one at another server ${WHERE_TO_FIX}`,
  );
}

/** A URL-holding sandbox's server, named without its credentials. */
export function where(server: { host: string; port: number }): string {
  return `${server.host}:${server.port}`;
}

/** Runs `work` with the checked connection and the sandbox lock held: nothing else uses the server meanwhile. */
export async function withSandboxLock<T>(
  url: string,
  work: (client: pg.Client, server: PostgresServer) => Promise<T>,
): Promise<T> {
  const server = serverAt(url);
  const client = await lockedConnection(server);
  try {
    return await work(client, server);
  } finally {
    await client.end().catch(() => {});
  }
}
