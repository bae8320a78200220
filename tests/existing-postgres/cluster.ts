// A throwaway PostgreSQL cluster of the system's packages (Debian's `postgresql`), as a server a user already runs:
// made with initdb in a temporary folder, listening on 127.0.0.1 on a free port, removed by stop(). As root it
// runs as the `postgres` system user (PostgreSQL refuses root).
import { execFileSync, spawn } from "node:child_process";
import {
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  copyFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { freePort, serverUser } from "../../sandbox/db/postgres.js";
import { debianPostgresBin, ensureSystemPackages } from "../../tools/system-packages.js";

export interface Cluster {
  /** The superuser URL, `postgres://postgres:<password>@127.0.0.1:<port>/postgres`. */
  url: string;
  port: number;
  password: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Debian's `postgresql` and `postgresql-contrib`, installed with apt-get when missing (as root), else an error
 * naming the command.
 */
export const ensurePostgresPackages = (): Promise<void> => ensureSystemPackages(["postgresql"]);

/**
 * Starts a cluster with superuser `postgres` (SCRAM password) on a free port. `postgres` picks another server
 * binary for the same data (see `withoutExtension`).
 */
export async function startCluster(options: { binDir?: string; postgres?: string } = {}): Promise<Cluster> {
  const binDir = options.binDir ?? debianPostgresBin();
  if (!binDir)
    throw new Error(
      "no PostgreSQL server with postgres_fdw under /usr/lib/postgresql; install Debian's postgresql and postgresql-contrib",
    );
  const dir = mkdtempSync(join(tmpdir(), "ol-existing-pg-"));
  const data = join(dir, "data");
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, "password"), `${password}\n`);
  const owner = serverUser();
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(join(dir, "password"), owner.uid, owner.gid);
  }
  await run(
    join(binDir, "initdb"),
    [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=scram-sha-256",
      `--pwfile=${join(dir, "password")}`,
      "-E",
      "UTF8",
      "--locale=C",
    ],
    owner,
  );
  const port = await freePort();
  const server = spawn(
    options.postgres ?? join(binDir, "postgres"),
    [
      "-D",
      data,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      `unix_socket_directories=${dir}`,
      "-c",
      "max_connections=200",
      "-c",
      "fsync=off",
    ],
    {
      ...owner,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
    },
  );
  let log = "";
  server.stderr!.on("data", (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-20_000)));
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await waitUntilAccepting(
    url,
    () => server.exitCode !== null,
    () => log,
  );
  return {
    url,
    port,
    password,
    stop: async () => {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        server.kill("SIGINT"); // fast shutdown
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A copy of the server binary of `binDir` whose installation lacks one extension: PostgreSQL finds its share folder
 * relative to its own binary, so a copied binary beside a share folder without that extension's files serves
 * without it. Returns the binary's path and what removes the copy.
 */
export function withoutExtension(binDir: string, extension: string): { postgres: string; remove(): void } {
  // Debian: bin in /usr/lib/postgresql/<major>/bin, share in /usr/share/postgresql/<major>, lib beside bin.
  const major = binDir.split("/").at(-2)!;
  const root = mkdtempSync(join(tmpdir(), "ol-pg-without-"));
  const bin = join(root, "lib/postgresql", major, "bin");
  mkdirSync(bin, { recursive: true });
  copyFileSync(join(binDir, "postgres"), join(bin, "postgres"));
  execFileSync("chmod", ["-R", "a+rX", root]);
  symlinkSync(join(binDir, "../lib"), join(root, "lib/postgresql", major, "lib"));
  const share = `/usr/share/postgresql/${major}`;
  const copy = join(root, "share/postgresql", major);
  mkdirSync(join(copy, "extension"), { recursive: true });
  for (const name of readdirSync(share)) if (name !== "extension") symlinkSync(join(share, name), join(copy, name));
  for (const name of readdirSync(join(share, "extension"))) {
    if (!name.startsWith(`${extension}.`) && !name.startsWith(`${extension}--`))
      symlinkSync(join(share, "extension", name), join(copy, "extension", name));
  }
  execFileSync("chmod", [
    "a+rx",
    root,
    join(root, "lib"),
    join(root, "share"),
    join(root, "share/postgresql"),
    copy,
    join(copy, "extension"),
  ]);
  return { postgres: join(bin, "postgres"), remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** As root, the `postgres` system user Debian's package made; otherwise this user. */
function run(command: string, args: string[], owner?: { uid: number; gid: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawn(command, args, {
      ...owner,
      cwd: tmpdir(),
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    child.stdout!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (${code}):\n${output}`)),
    );
  });
}

async function waitUntilAccepting(url: string, exited: () => boolean, log: () => string): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
    if (exited()) throw new Error(`PostgreSQL exited at start:\n${log()}`);
    const client = new pg.Client(url);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
    }
  }
  throw new Error(`PostgreSQL not accepting connections after 60 s:\n${log()}`);
}
