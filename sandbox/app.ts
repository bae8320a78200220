import type { AddressInfo } from "node:net";
import { redact } from "../lib/redaction.js";
import { CallerCache } from "./auth/callers.js";
import { ControlDb } from "./db/control.js";
import { OrgDatabases } from "./db/org-databases.js";
import { existingServer } from "./db/existing-server.js";
import { embeddedPostgres, type PostgresServer } from "./db/postgres.js";
import { PostgresSupervisor } from "./db/supervisor.js";
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
  /** A delay in ms before each request is handled, as a remote deployment's network adds. */
  latencyMs?: number;
  /** How often scheduled refreshes are looked for; 60 s by default, as on the real server. */
  refreshCheckMs?: number;
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
  const embedded = options.databaseUrl ? undefined : await embeddedPostgres(options.dataDir, secrets.postgresPassword);
  const postgres = embedded ?? (await existingServer(options.databaseUrl!));
  let db: ControlDb | undefined;
  try {
    db = await ControlDb.open(postgres);
    const orgDatabases = new OrgDatabases(postgres);
    const platform = { db, orgDatabases, postgres };
    const recoverPlatform = async () => {
      for (const repair of await recover(platform)) console.log(`recovery: ${repair}`);
    };
    await recoverPlatform();
    await seedPlatform(platform);
    // The embedded PostgreSQL is the sandbox's own: restarted (and recovered from) when it exits.
    // Recovery may roll back memberships and grants, so the callers remembered before it are forgotten.
    const callers = new CallerCache();
    const supervisor = embedded && new PostgresSupervisor(embedded, () => callers.changing(recoverPlatform));
    const outage = () => supervisor?.outage();
    const server = createSandboxServer({
      platform,
      jwtSecret: secrets.jwtSecret,
      log: options.log,
      outage,
      latencyMs: options.latencyMs,
      callers,
    });
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, host, resolve);
    });
    const { port } = server.address() as AddressInfo;
    const stopRefreshes = scheduleRefreshes(platform, options.refreshCheckMs ?? 60_000, (error) =>
      console.error(
        redact(`scheduled refresh failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      ),
    );
    return {
      url: `http://${host}:${port}`,
      postgres,
      close: async () => {
        await supervisor?.stop();
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
