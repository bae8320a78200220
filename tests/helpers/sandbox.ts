import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { ApiClient } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { OpenLattice } from "../../lib/connect.js";
import { mintToken } from "../../sandbox/auth/tokens.js";
import { runningPostmaster, startPostmaster, stopPostmaster } from "../../sandbox/db/postgres.js";
import { loadSecrets } from "../../sandbox/secrets.js";
import { SEEDED_USERS, type SeededUserName } from "../../sandbox/seed/users.js";
import { repoRoot } from "./paths.js";

/** A sandbox started with the real command (`node dist/sandbox/main.js`) on a free port and a fresh data folder. */
export interface TestSandbox {
  url: string;
  dataDir: string;
  postgres: { host: string; port: number };
  token(user: SeededUserName): string;
  /** A strict client (unknown keys in answers fail) signed in as a seeded user. */
  as(user: SeededUserName): OpenLattice;
  /** A superuser connection to a database of the sandbox's PostgreSQL; the caller ends it. */
  superuser(database?: string): Promise<pg.Client>;
  /** Stops the sandbox and its PostgreSQL, and removes the data folder unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /**
   * SIGKILLs the sandbox's Node process, as a crash would; its PostgreSQL keeps running, orphaned. The data folder
   * stays: start again on it with `startTestSandbox(env, { dataDir })`, which stops the orphan first.
   */
  kill(): Promise<void>;
  /** The pid of the PostgreSQL postmaster serving the sandbox (from postmaster.pid), if one runs. */
  postmasterPid(): number | undefined;
  /** Stops the sandbox's PostgreSQL under it (fast shutdown); the sandbox keeps serving. */
  stopPostgres(): Promise<void>;
  /** Starts the sandbox's PostgreSQL again, on the port the sandbox uses. */
  startPostgres(): Promise<void>;
}

/**
 * `env` adds settings such as `SANDBOX_REFRESH_CHECK_MS`; `dataDir` starts on an existing data folder (after
 * `kill()` or `stop({ keepData: true })`) instead of a fresh one; `args` are more command-line options.
 */
export async function startTestSandbox(env: Record<string, string> = {}, options: { dataDir?: string; args?: string[] } = {}): Promise<TestSandbox> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "ol-sandbox-"));
  const args = [join(repoRoot, "dist/sandbox/main.js"), "--port", "0", "--data-dir", dataDir, ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const ready = await waitForReady(child);
  const secrets = loadSecrets(dataDir);
  const token = (user: SeededUserName) => mintToken(SEEDED_USERS[user], secrets.jwtSecret);
  return {
    url: ready.url,
    dataDir,
    postgres: ready.postgres,
    token,
    as: (user) => new OpenLattice(new ApiClient(new Configuration({ host: ready.url, accessToken: token(user) }), { strict: true, maxRetries: 0 })),
    superuser: async (database = "postgres") => {
      const client = new pg.Client({ ...ready.postgres, user: "postgres", password: secrets.postgresPassword, database });
      await client.connect();
      return client;
    },
    stop: async ({ keepData = false } = {}) => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGINT");
        await exited;
      } else {
        await stopPostmaster(dataDir); // left running by kill()
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
    postmasterPid: () => runningPostmaster(dataDir),
    stopPostgres: async () => void (await stopPostmaster(dataDir)),
    startPostgres: () => startPostmaster(dataDir, ready.postgres.port),
  };
}

function waitForReady(child: ChildProcess): Promise<{ url: string; postgres: { host: string; port: number } }> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`sandbox not ready after 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /ready on (http:\/\/\S+); PostgreSQL on ([\d.]+):(\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve({ url: found[1]!, postgres: { host: found[2]!, port: Number(found[3]) } });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** A raw HTTP call, for what a client would never send (bad bodies, wrong content types, no token). */
export async function raw(url: string, init: { method?: string; token?: string; body?: string | Buffer; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.contentType) headers["Content-Type"] = init.contentType;
  const response = await fetch(url, { method: init.method ?? "GET", headers, body: init.body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json: json as { errors?: { error: { type: string; code: number }; message: string }[] } };
}
