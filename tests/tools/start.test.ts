// `npm start` for real: dist/tools/start.js with a temp .env and data folder, free ports, then Ctrl-C.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parse } from "dotenv";
import { findJupyter, installHint, installJupyter } from "../../tools/jupyter.js";
import { repoRoot } from "../helpers/paths.js";

const startJs = join(repoRoot, "dist", "tools", "start.js");
const dir = mkdtempSync(join(tmpdir(), "start-test-"));
chmodSync(dir, 0o755); // as root the sandbox's PostgreSQL runs as a `postgres` user, which must reach the data folder
const dataDir = join(dir, "data");
const jupyterToken = randomBytes(12).toString("hex");
const running: ChildProcess[] = [];

after(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
  rmSync(dir, { recursive: true, force: true });
});

// Jupyter is installed the way `npm start` installs it (apt-get as root); elsewhere the test fails naming the command.
before(async () => {
  if (await findJupyter()) return;
  const installed = await installJupyter((line) => console.log(line));
  assert.ok(installed && (await findJupyter()), `Jupyter is needed: ${installHint()}`);
}, { timeout: 600_000 });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Runs start.js; resolves once it prints its "ready" line, with its output so far and a stop function. */
async function start(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [startJs, ...args, "--no-browser"], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (output += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (output += s));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start.js not ready after 40 s:\n${output}`)), 40_000);
    const check = setInterval(() => {
      if (/\[start\] ready in/.test(output)) done(resolve);
    }, 100);
    const done = (fn: () => void) => (clearInterval(check), clearTimeout(timer), fn());
    void exited.then((code) => done(() => reject(new Error(`start.js exited (${code}):\n${output}`))));
  });
  return {
    output: () => output,
    /** Ctrl-C; resolves with the exit code. */
    stop: async (): Promise<number | null> => (child.kill("SIGINT"), exited),
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

async function organizations(port: number, jwt: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/datastore/organizations`, {
    headers: { Authorization: `Bearer ${jwt}` },
  });
  assert.equal(res.status, 200);
  return res.json();
}

async function kernelNames(port: number): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${port}/api/kernelspecs?token=${jupyterToken}`);
  assert.equal(res.status, 200);
  return Object.keys(((await res.json()) as { kernelspecs: object }).kernelspecs);
}

/** Command lines of running processes that mention `text` (Linux /proc). */
function processesMentioning(text: string): string[] {
  if (!existsSync("/proc")) return [];
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .map((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, "utf8").replaceAll("\0", " ");
      } catch {
        return "";
      }
    })
    .filter((cmd) => cmd.includes(text));
}

/** Stops the run and checks that nothing it started is left. */
async function stopAndCheck(run: { stop: () => Promise<number | null>; output: () => string }, ports: number[]) {
  assert.equal(await run.stop(), 0, run.output());
  for (const port of ports) assert.equal(await answers(`http://127.0.0.1:${port}/`), false, `port ${port} still answers`);
  assert.deepEqual(processesMentioning(dataDir), [], "processes left for the data folder");
}

function testEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, JUPYTER_TOKEN: jupyterToken, JUPYTER_RUNTIME_DIR: join(dir, "runtime") };
  for (const key of ["OPENLATTICE_BASE_URL", "OPENLATTICE_JWT", "SANDBOX_DATA_DIR"]) delete env[key];
  return { ...env, ...extra };
}

let jwt = "";

test("creates .env with a sandbox token, serves the sandbox and Jupyter, and Ctrl-C stops both", { timeout: 60_000 }, async () => {
  const envFile = join(dir, "new.env");
  const [port, jupyterPort] = [await freePort(), await freePort()];
  const run = await start(
    ["--dotenv", envFile, "--data-dir", dataDir, "--jupyter-port", String(jupyterPort)],
    testEnv({ OPENLATTICE_BASE_URL: `http://127.0.0.1:${port}` }),
  );

  const values = parse(readFileSync(envFile));
  jwt = values.OPENLATTICE_JWT ?? "";
  assert.match(jwt, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(values.OPENLATTICE_BASE_URL, "http://localhost:8080"); // the rest comes from .env.example
  assert.ok(!run.output().includes(jwt), "the JWT was printed");

  assert.ok(Array.isArray(await organizations(port, jwt)));
  assert.ok((await kernelNames(jupyterPort)).includes("tslab"));
  await stopAndCheck(run, [port, jupyterPort]);
});

test("leaves an existing .env as it is and reads the base URL from it", { timeout: 60_000 }, async () => {
  assert.ok(jwt, "needs the token from the previous test");
  const [port, jupyterPort] = [await freePort(), await freePort()];
  const envFile = join(dir, "existing.env");
  const text = `# my settings\nOPENLATTICE_BASE_URL=http://127.0.0.1:${port}\nOPENLATTICE_JWT=${jwt}\n`;
  writeFileSync(envFile, text);

  const run = await start(["--dotenv", envFile, "--data-dir", dataDir, "--jupyter-port", String(jupyterPort)], testEnv({}));
  assert.ok(Array.isArray(await organizations(port, jwt)));
  assert.ok((await kernelNames(jupyterPort)).includes("tslab"));
  await stopAndCheck(run, [port, jupyterPort]);
  assert.equal(readFileSync(envFile, "utf8"), text);
});
