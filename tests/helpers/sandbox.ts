import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { ApiClient } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { OpenLattice } from "../../lib/connect.js";
import { mintToken } from "../../sandbox/auth/tokens.js";
import { dropAll } from "../../sandbox/db/drop-all.js";
import { externalPostgres, runningPostmaster, stopPostmaster } from "../../sandbox/db/postgres.js";
import { loadSecrets } from "../../sandbox/secrets.js";
import { SEEDED_USERS, type SeededUserName } from "../../sandbox/seed/users.js";
import { repoRoot } from "./paths.js";

/** The throwaway existing server the sandbox tests run on, when `npm run test:existing-postgres` runs them. */
export const TEST_DATABASE_URL = process.env.SANDBOX_TEST_DATABASE_URL || undefined;

/**
 * A sandbox started with the real command (`node dist/sandbox/main.js`) on a free port and a fresh data folder.
 * On an existing server instead of the embedded one when `env.SANDBOX_DATABASE_URL` or `SANDBOX_TEST_DATABASE_URL`
 * (a throwaway server, set by `npm run test:existing-postgres`) names one: a fresh start first removes what an
 * earlier sandbox left there (`--drop-all`), and stop() does too, so each test's sandbox starts on a clean server.
 * A `SANDBOX_DATABASE_URL` of the environment is not used: the tests would empty that server. The embedded-only
 * calls (postmaster, stopping PostgreSQL) fail on an existing server.
 */
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
  /** The pid of the PostgreSQL postmaster serving the sandbox (from postmaster.pid), if one runs. Embedded only. */
  postmasterPid(): number | undefined;
  /** Everything the sandbox printed so far. */
  output(): string;
}

/**
 * `env` adds settings such as `SANDBOX_REFRESH_CHECK_MS`; `dataDir` starts on an existing data folder (after
 * `kill()` or `stop({ keepData: true })`) instead of a fresh one; `args` are more command-line options.
 */
export async function startTestSandbox(
  env: Record<string, string> = {},
  options: { dataDir?: string; args?: string[] } = {},
): Promise<TestSandbox> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "ol-sandbox-"));
  const databaseUrl = env.SANDBOX_DATABASE_URL ?? TEST_DATABASE_URL;
  if (databaseUrl && !options.dataDir) await dropAll(databaseUrl);
  const args = [join(repoRoot, "dist/sandbox/main.js"), "--port", "0", "--data-dir", dataDir, ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, SANDBOX_DATABASE_URL: databaseUrl ?? "" },
  });
  const ready = await waitForReady(child);
  const secrets = loadSecrets(dataDir);
  const tokens = new Map<SeededUserName, string>();
  for (const user of Object.keys(SEEDED_USERS) as SeededUserName[])
    tokens.set(user, await mintToken(SEEDED_USERS[user], secrets.jwtSecret));
  const token = (user: SeededUserName) => tokens.get(user)!;
  return {
    url: ready.url,
    dataDir,
    postgres: ready.postgres,
    token,
    as: (user) =>
      new OpenLattice(
        new ApiClient(new Configuration({ host: ready.url, accessToken: token(user) }), {
          strict: true,
          maxRetries: 0,
        }),
      ),
    superuser: async (database = "postgres") => {
      const client = new pg.Client(
        databaseUrl
          ? externalPostgres(databaseUrl).connection(database)
          : { ...ready.postgres, user: "postgres", password: secrets.postgresPassword, database },
      );
      await client.connect();
      return client;
    },
    stop: async ({ keepData = false } = {}) => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGINT");
        await exited;
      } else if (!databaseUrl) {
        await stopPostmaster(dataDir); // left running by kill()
      }
      if (keepData) return;
      rmSync(dataDir, { recursive: true, force: true });
      if (databaseUrl) await dropAll(databaseUrl);
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
    postmasterPid: () => (embeddedOnly(databaseUrl, "postmasterPid"), runningPostmaster(dataDir)),
    output: () => ready.output(),
  };
}

/** The calls that handle the embedded server's own process and files. */
function embeddedOnly(databaseUrl: string | undefined, call: string) {
  if (databaseUrl) throw new Error(`${call}() works on the embedded PostgreSQL only, not on an existing server`);
}

function waitForReady(
  child: ChildProcess,
): Promise<{ url: string; postgres: { host: string; port: number }; output: () => string }> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`sandbox not ready after 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /ready on (http:\/\/\S+); PostgreSQL on ([\d.]+):(\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve({ url: found[1]!, postgres: { host: found[2]!, port: Number(found[3]) }, output: () => output });
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
export async function raw(
  url: string,
  init: { method?: string; token?: string; body?: string | Buffer; contentType?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.contentType) headers["Content-Type"] = init.contentType;
  const body = typeof init.body === "string" || !init.body ? init.body : new Uint8Array(init.body);
  const response = await fetch(url, { method: init.method ?? "GET", headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    text,
    json: json as { errors?: { error: { type: string; code: number }; message: string }[] },
  };
}

/** The rows of `sql` run on `database` of the sandbox's PostgreSQL as a seeded user's own database login. */
export async function queryAsLogin(sandbox: TestSandbox, user: SeededUserName, database: string, sql: string) {
  const login = await sandbox.as(user).principals.getMaterializedViewAccount();
  const client = new pg.Client({ ...sandbox.postgres, user: login.username, password: login.credential, database });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
