// `npm start`: makes sure .env exists, starts the local sandbox (when the base URL points at it), registers
// the tslab kernel and runs Jupyter on notebooks/. Ctrl-C stops Jupyter, then the sandbox.
import { existsSync, mkdirSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureEnvFile, readEnvFile } from "./env-file.js";
import { ensureJupyter, registerTslab, serverArgs } from "./jupyter.js";
import { describeExit, RestartingService, run, Service } from "./processes.js";
import { seconds } from "./system-packages.js";
import { buildTime } from "./build-time.js";
import { parseCommandLine, USAGE_EXIT_CODE, UsageError } from "./command-line.js";
import { isLocalSandbox } from "../lib/confirmation.js";

const USAGE = "usage: npm start [-- <options>] [-- <Jupyter options>]   (npm start -- --help lists the options)";
const HELP = `Usage: npm start [-- <options>] [-- <Jupyter options>]

Creates .env (from .env.example, with a sandbox token) if it is missing, starts the local sandbox when
OPENLATTICE_BASE_URL points at localhost, registers the TypeScript (tslab) kernel and starts Jupyter on
notebooks/. A sandbox that exits unexpectedly is started again (up to 5 times in a row). Ctrl-C stops everything
it started.

Options:
  --dotenv <path>       the .env to read or create (default: <repo>/.env, which is what notebooks read)
  --data-dir <dir>      the sandbox's data folder (default: $SANDBOX_DATA_DIR or <repo>/.sandbox-data)
  --jupyter-port <port> Jupyter's port on 127.0.0.1 (default: 8888; Jupyter takes the next free one if busy)
  --no-browser          do not open a browser (automatic when there is no display)
  -h, --help            show this help

Arguments after a second "--" go to Jupyter, e.g. npm start -- --no-browser -- --NotebookApp.shutdown_no_activity_timeout=3600
Environment: OPENLATTICE_BASE_URL overrides the .env's; JUPYTER_TOKEN fixes Jupyter's access token.`;

const SANDBOX_READY_MS = 90_000;
const JUPYTER_READY_MS = 60_000;

interface Options {
  envFile: string;
  dataDir: string;
  jupyterPort: number;
  browser: boolean;
  jupyterArgs: string[];
}

/** The repository root: the nearest folder above this file holding package.json. */
const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

const defaultDataDir = join(repoRoot, ".sandbox-data");

const log = (line: string): void => void process.stdout.write(`[start] ${line}\n`);
const fail = (line: string): void => void process.stderr.write(`[start] ${line}\n`);
const warn = (line: string): void => fail(`warning: ${line}`);

function parseOptions(argv: string[]): Options | undefined {
  const split = argv.indexOf("--");
  const { values } = parseCommandLine(split < 0 ? argv : argv.slice(0, split), {
    options: {
      dotenv: { type: "string" },
      "data-dir": { type: "string" },
      "jupyter-port": { type: "string" },
      "no-browser": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  const port = Number(values["jupyter-port"] ?? 8888);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError("--jupyter-port needs a port number");
  return {
    envFile: resolve(values.dotenv ?? join(repoRoot, ".env")),
    dataDir: resolve(values["data-dir"] ?? (process.env.SANDBOX_DATA_DIR || defaultDataDir)),
    jupyterPort: port,
    browser: !values["no-browser"] && hasDisplay(),
    jupyterArgs: split < 0 ? [] : argv.slice(split + 1),
  };
}

function hasDisplay(): boolean {
  return process.platform !== "linux" || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** True when something accepts TCP connections on host:port. */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port, autoSelectFamily: true, timeout: 1000 });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.on("connect", () => finish(true));
    socket.on("timeout", () => finish(false));
    socket.on("error", () => finish(false));
  });
}

/** The sandbox's token for the `owner` user (its data folder keeps the signing key). */
async function sandboxToken(dataDir: string): Promise<string> {
  const cli = join(repoRoot, "dist", "sandbox", "token-cli.js");
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (npm run build)`);
  const r = await run(process.execPath, [cli, "owner", "--data-dir", dataDir], { cwd: repoRoot });
  const token = r.stdout.trim();
  if (r.code !== 0) throw new Error(`the sandbox token command failed (${describeExit(r)}): ${r.stderr.trim()}`);
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error("the sandbox token command did not print a JWT");
  return token;
}

/** Warns when the sandbox rejects the .env's JWT (e.g. the data folder was recreated since). */
async function checkToken(baseUrl: URL, jwt: string | undefined, dataDir: string): Promise<void> {
  const tokenCommand = `npm run -s sandbox:token -- owner${dataDir === defaultDataDir ? "" : ` --data-dir ${dataDir}`}`;
  if (!jwt) return warn(`OPENLATTICE_JWT is empty in the .env; get one with: ${tokenCommand}`);
  try {
    const res = await fetch(new URL("datastore/organizations", withSlash(baseUrl)), {
      headers: { Authorization: `Bearer ${jwt}` },
      signal: AbortSignal.timeout(5000),
    });
    if (res.status === 401 || res.status === 403) {
      warn(
        `the sandbox rejects the .env's OPENLATTICE_JWT (HTTP ${res.status}); replace it with the output of: ${tokenCommand}`,
      );
    }
  } catch {
    // not fatal: the notebooks will report connection problems themselves
  }
}

const withSlash = (u: URL): URL => new URL(u.href.endsWith("/") ? u.href : `${u.href}/`);

// ---- the services and their shutdown ----------------------------------------------------------

const services: { service: Service | RestartingService; signal: NodeJS.Signals; graceMs: number }[] = [];
let shuttingDown: Promise<never> | undefined;

/** Stops what was started (last started first) and exits; the first call decides the exit code. */
function shutdown(code: number, message?: string): Promise<never> {
  shuttingDown ??= (async () => {
    if (message) (code === 0 ? log : fail)(message);
    for (const s of [...services].reverse()) {
      if (s.service.running) log(`stopping ${s.service.name}`);
      await s.service.stop(s.signal, s.graceMs);
    }
    process.exit(code);
  })();
  return shuttingDown;
}

/** Starts a service and makes its unexpected exit stop everything with a non-zero code. */
function startService(
  name: string,
  command: string,
  args: string[],
  stop: { signal: NodeJS.Signals; graceMs: number },
  env: NodeJS.ProcessEnv = process.env,
): Service {
  const service = new Service(name, command, args, { cwd: repoRoot, env });
  services.push({ service, ...stop });
  void service.exited.then((e) => shutdown(1, `${name} exited unexpectedly (${describeExit(e)}); stopping`));
  return service;
}

// ---- the steps ---------------------------------------------------------------------------------

/** Starts the sandbox when the base URL is local and nothing answers there yet; returns whether it is local. */
async function startSandbox(opts: Options, baseUrl: URL, fileEnv: Record<string, string>): Promise<boolean> {
  if (!isLocalSandbox(baseUrl.href)) {
    log(`OPENLATTICE_BASE_URL is ${baseUrl.origin}: no local sandbox; the notebooks will talk to that URL`);
    return false;
  }
  if (baseUrl.protocol !== "http:")
    throw new Error(`the sandbox serves plain http, but OPENLATTICE_BASE_URL is ${baseUrl.href}`);
  const port = Number(baseUrl.port || 80);
  if (await answers(baseUrl.hostname.replace(/^\[(.*)\]$/, "$1"), port)) {
    log(`something already answers on ${baseUrl.host}: using it (not starting a second sandbox)`);
    return true;
  }
  const main = join(repoRoot, "dist", "sandbox", "main.js");
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build)`);
  // The .env's SANDBOX_* settings (e.g. SANDBOX_DATABASE_URL) reach the sandbox unless set in the environment.
  const env = { ...process.env };
  for (const [k, v] of Object.entries(fileEnv)) if (k.startsWith("SANDBOX_") && env[k] === undefined) env[k] = v;
  log(`starting the sandbox on port ${port} (data in ${opts.dataDir})`);
  const args = [main, "--port", String(port), "--data-dir", opts.dataDir];
  // Restarted when it exits unexpectedly (Jupyter and the kernels keep running); SIGINT: it stops PostgreSQL cleanly.
  const sandbox = new RestartingService(
    "sandbox",
    process.execPath,
    args,
    { cwd: repoRoot, env },
    {
      ready: /\bready\b/i,
      readyMs: SANDBOX_READY_MS,
      say: log,
      giveUp: (e) =>
        void shutdown(1, `sandbox exited unexpectedly (${describeExit(e)}) and its restarts failed; stopping`),
    },
  );
  services.push({ service: sandbox, signal: "SIGINT", graceMs: 30_000 });
  await sandbox.waitForLine(/\bready\b/i, SANDBOX_READY_MS);
  return true;
}

/** Step names and how long each took, for the summary at "ready". */
const steps: string[] = [];
async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const result = await step();
  steps.push(`${name} ${seconds(Date.now() - t0)}`);
  return result;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const opts = parseOptions(process.argv.slice(2));
  if (!opts) return void console.log(HELP);
  const build = buildTime();
  if (build !== undefined) steps.push(`build ${seconds(build)}`);

  // 1. Jupyter with everything the kit calls, before anything starts (installed here when missing)
  const jupyter = await timed("Jupyter check", () => ensureJupyter(log));
  log(`Jupyter: ${jupyter.jupyter} ${jupyter.app} (Python ${jupyter.python})`);

  // 2. .env
  const firstStart = !existsSync(opts.dataDir);
  if (await ensureEnvFile(opts.envFile, join(repoRoot, ".env.example"), () => sandboxToken(opts.dataDir))) {
    log(`created ${opts.envFile} with a sandbox token for the owner user`);
  } else {
    log(`using ${opts.envFile}`);
  }
  const fileEnv = readEnvFile(opts.envFile);
  const baseUrlText = process.env.OPENLATTICE_BASE_URL || fileEnv.OPENLATTICE_BASE_URL || "http://localhost:8080";
  let baseUrl: URL;
  try {
    baseUrl = new URL(baseUrlText);
  } catch {
    throw new Error(`OPENLATTICE_BASE_URL is not a URL: ${baseUrlText}`);
  }
  const jwt = process.env.OPENLATTICE_JWT || fileEnv.OPENLATTICE_JWT;

  // 3. the sandbox, the kernel's registration and Jupyter, side by side
  const sandboxStep = firstStart ? "sandbox (first start: PostgreSQL initdb, seeding)" : "sandbox";
  const notebookDir = join(repoRoot, "notebooks");
  mkdirSync(notebookDir, { recursive: true });
  await Promise.all([
    timed(sandboxStep, () => startSandbox(opts, baseUrl, fileEnv)).then((local) =>
      local ? checkToken(baseUrl, jwt, opts.dataDir) : undefined,
    ),
    timed("kernel registration", async () =>
      log(`tslab kernel registered in ${await registerTslab(jupyter, repoRoot, warn)}`),
    ),
    timed("Jupyter", async () => {
      log(`starting Jupyter on ${notebookDir}`);
      const server = startService(
        "jupyter",
        jupyter.jupyter,
        serverArgs(jupyter, { notebookDir, port: opts.jupyterPort, browser: opts.browser, extra: opts.jupyterArgs }),
        // Jupyter stops on SIGTERM (SIGINT asks for confirmation when it has a terminal)
        { signal: "SIGTERM", graceMs: 15_000 },
        { ...process.env, PYTHONUNBUFFERED: "1" },
      );
      await server.waitForLine(/https?:\/\/(127\.0\.0\.1|localhost):\d+\//, JUPYTER_READY_MS);
      await new Promise((r) => setTimeout(r, 200)); // let Jupyter finish its block of start-up lines
    }),
  ]);
  log(
    `ready in ${seconds(Date.now() - t0 + (build ?? 0))} (${steps.join(", ")}): open the Jupyter URL above. Ctrl-C stops everything.`,
  );
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    // A second Ctrl-C while stopping kills the children's process groups outright.
    if (shuttingDown) {
      for (const s of services) s.service.kill("SIGKILL", true);
      process.exit(1);
    }
    void shutdown(0, `${signal}: stopping`);
  });
}

main().catch((err: unknown) =>
  err instanceof UsageError
    ? shutdown(USAGE_EXIT_CODE, `error: ${err.message}\n${USAGE}`)
    : shutdown(1, `error: ${err instanceof Error ? err.message : String(err)}`),
);
