import pg from "pg";
import { foreignServerFailed } from "./foreign-server.js";
import type { PostgresServer } from "./postgres.js";
import { CONTROL_SCHEMA } from "./schema.js";

/** The control database's name on the cluster. */
export const CONTROL_DATABASE = "openlattice";

/**
 * What services run SQL on: the pool, or one transaction's client. A query given as `{ name, text, values }` is
 * planned once per connection and reused (for those run on every request).
 */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    query: string | pg.QueryConfig,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/** The control database: a pool, its tables created on first use, and transactions. */
export class ControlDb {
  private constructor(
    readonly pool: pg.Pool,
    /** Superuser connection settings of the control database (organizations' databases read it through postgres_fdw). */
    readonly connection: pg.ClientConfig,
  ) {}

  static async open(server: PostgresServer): Promise<ControlDb> {
    const admin = new pg.Client(server.connection("postgres"));
    await admin.connect();
    try {
      const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [CONTROL_DATABASE]);
      if (rowCount === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(CONTROL_DATABASE)}`);
      // Members' and integration logins may connect to their organizations' databases, not to the platform's
      // nor to the cluster's maintenance databases.
      for (const database of [CONTROL_DATABASE, "postgres", "template1"]) {
        await admin.query(`REVOKE CONNECT ON DATABASE ${pg.escapeIdentifier(database)} FROM PUBLIC`);
      }
    } finally {
      await admin.end();
    }
    const connection = server.connection(CONTROL_DATABASE);
    const pool = new pg.Pool({ ...connection, max: 20 });
    pool.on("error", () => {}); // an idle client lost with the server; the next query reports it
    await pool.query(CONTROL_SCHEMA);
    return new ControlDb(pool, connection);
  }

  /**
   * Runs `work` in one transaction, committed when it returns and rolled back when it throws. A client whose
   * connection broke is discarded rather than returned to the pool.
   */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let lost: Error | undefined;
    const onError = (error: Error) => (lost = error); // the server went away between two statements
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      if (databaseUnavailable(error)) lost ??= error as Error;
      throw error;
    } finally {
      client.off("error", onError);
      client.release(lost);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Error codes meaning the database cannot be reached right now: refused, reset, shutting down, starting up, full. */
const UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03", "53300"]);

/**
 * Whether an error means PostgreSQL is not available (stopped, restarting, unreachable) rather than that the
 * request was wrong: connection errors (class 08, but for postgres_fdw's failure to connect), shutdown and startup errors, and node-postgres's own
 * messages for a connection that ended. Looks through `cause` chains and aggregated errors.
 */
export function databaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error) || foreignServerFailed(error)) return false;
  const code = String((error as { code?: unknown }).code ?? "");
  if (UNAVAILABLE.has(code) || code.startsWith("08")) return true;
  if (/^Connection terminated|is not queryable/.test(error.message)) return true;
  if (error instanceof AggregateError && error.errors.some(databaseUnavailable)) return true;
  return databaseUnavailable(error.cause);
}
