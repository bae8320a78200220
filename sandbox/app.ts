import type { AddressInfo } from "node:net";
import pg from "pg";
import { ControlDb, databaseUnavailable } from "./db/control.js";
import { OrgDatabases } from "./db/org-databases.js";
import { embeddedPostgres, externalPostgres, type PostgresServer } from "./db/postgres.js";
import { loadSecrets } from "./secrets.js";
import { seedPlatform } from "./seed/seed.js";
import { recover } from "./services/recovery.js";
import { scheduleRefreshes } from "./services/refresh-schedule.js";
import { createSandboxServer } from "./server.js";

export interface SandboxOptions {
  /** Folder for the embedded PostgreSQL data and the sandbox's secrets; kept across restarts. */
  dataDir: string;
  /** HTTP port; 0 picks a free one. */
  port: number;
  host?: string;
  /** A superuser URL of an existing PostgreSQL server, used instead of the embedded one. */
  databaseUrl?: string;
  log?: (line: string) => void;
  /** How often scheduled refreshes are looked for; 60 s by default, as on the real server. */
  refreshCheckMs?: number;
}

/**
 * Statements on the cluster run one batch at a time. Concurrent GRANTs and REVOKEs on one database or schema
 * update the same catalog row, and PostgreSQL fails all but one with `tuple concurrently updated`. Batches reuse
 * an open session per database (the last few), as a new superuser connection costs more than most batches.
 */
class SerializedOrgDatabases extends OrgDatabases {
  readonly #cluster: PostgresServer;
  readonly #sessions = new Map<string, pg.Client>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(cluster: PostgresServer) {
    super(cluster);
    this.#cluster = cluster;
  }

  override run(database: string, ...statements: string[]): Promise<void> {
    const result = this.#queue.then(() => this.#execute(database, statements));
    this.#queue = result.catch(() => {});
    return result;
  }

  async #execute(database: string, statements: string[]): Promise<void> {
    const reused = this.#sessions.get(database);
    const session = reused ?? (await this.#open(database));
    this.#sessions.delete(database);
    this.#sessions.set(database, session); // the most recently used last
    let done = 0;
    try {
      for (const sql of statements) await session.query(sql), done++;
    } catch (error) {
      this.#close(database, session); // a failed batch may have left a transaction open
      if (reused && done === 0 && databaseUnavailable(error)) return this.#execute(database, statements); // it had died idle
      throw error;
    }
  }

  async #open(database: string): Promise<pg.Client> {
    const session = new pg.Client(this.#cluster.connection(database));
    session.on("error", () => this.#close(database, session)); // dropped or terminated: the next batch opens another
    await session.connect();
    const [oldest] = this.#sessions.keys();
    if (this.#sessions.size >= 8) this.#close(oldest!, this.#sessions.get(oldest!)!);
    return session;
  }

  #close(database: string, session: pg.Client) {
    if (this.#sessions.get(database) === session) this.#sessions.delete(database);
    session.end().catch(() => {});
  }

  close() {
    for (const [database, session] of this.#sessions) this.#close(database, session);
  }
}

export interface Sandbox {
  url: string;
  postgres: PostgresServer;
  close(): Promise<void>;
}

/**
 * Starts PostgreSQL, the control database, recovery from a crash (what a killed sandbox left half-made is
 * finished or rolled back; see services/recovery.ts), seeding (first start) and the HTTP server.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const secrets = loadSecrets(options.dataDir);
  const postgres = options.databaseUrl
    ? externalPostgres(options.databaseUrl)
    : await embeddedPostgres(options.dataDir, secrets.postgresPassword);
  let db: ControlDb | undefined;
  try {
    db = await ControlDb.open(postgres);
    const orgDatabases = new SerializedOrgDatabases(postgres);
    const platform = { db, orgDatabases, postgres };
    for (const repair of await recover(platform)) console.log(`recovery: ${repair}`);
    await seedPlatform(platform);
    const server = createSandboxServer({ platform, jwtSecret: secrets.jwtSecret, log: options.log });
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, host, resolve);
    });
    const { port } = server.address() as AddressInfo;
    const stopRefreshes = scheduleRefreshes(platform, options.refreshCheckMs ?? 60_000, (error) => console.error("scheduled refresh failed:", error));
    return {
      url: `http://${host}:${port}`,
      postgres,
      close: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await stopRefreshes();
        orgDatabases.close();
        await db!.close();
        await postgres.stop();
      },
    };
  } catch (error) {
    await db?.close().catch(() => {});
    await postgres.stop().catch(() => {});
    throw error;
  }
}
