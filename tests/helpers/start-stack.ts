// `npm start` for tests: runs its real entry point, dist/tools/start.js, with a temp .env and data folder,
// free ports and a known Jupyter token, and waits for its "ready" line.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../sandbox/db/postgres.js";
import { repoRoot } from "./paths.js";

export { freePort };

const startJs = join(repoRoot, "dist", "tools", "start.js");
const READY_MS = 40_000;

export interface RunningStart {
  /** Everything start.js printed so far. */
  output(): string;
  /** Ctrl-C; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** A temp folder for start.js runs (with `data/` for the sandbox), a Jupyter token, and the runs to stop at the end. */
export class StartRuns {
  readonly dir = mkdtempSync(join(tmpdir(), "start-test-"));
  readonly dataDir = join(this.dir, "data");
  readonly jupyterToken = randomBytes(12).toString("hex");
  private readonly children: ChildProcess[] = [];

  constructor() {
    chmodSync(this.dir, 0o755); // as root the sandbox's PostgreSQL runs as a `postgres` user, which must reach the data folder
  }

  /** The environment for start.js: this token, a private runtime folder, no OPENLATTICE_* or SANDBOX_DATA_DIR unless in `extra`. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      JUPYTER_TOKEN: this.jupyterToken,
      JUPYTER_RUNTIME_DIR: join(this.dir, "runtime"),
    };
    for (const key of ["OPENLATTICE_BASE_URL", "OPENLATTICE_JWT", "SANDBOX_DATA_DIR"]) delete env[key];
    return { ...env, ...extra };
  }

  /** Runs start.js with `args` (plus --no-browser); resolves once it prints its "ready" line. */
  async start(args: string[], env: NodeJS.ProcessEnv): Promise<RunningStart> {
    const child = spawn(process.execPath, [startJs, ...args, "--no-browser"], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.children.push(child);
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (output += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (output += s));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`start.js not ready after ${READY_MS / 1000} s:\n${output}`)),
        READY_MS,
      );
      const check = setInterval(() => {
        if (/\[start\] ready in/.test(output)) done(resolve);
      }, 100);
      const done = (fn: () => void) => (clearInterval(check), clearTimeout(timer), fn());
      void exited.then((code) => done(() => reject(new Error(`start.js exited (${code}):\n${output}`))));
    });
    return { output: () => output, stop: async () => (child.kill("SIGINT"), exited) };
  }

  /** Ctrl-C to runs still going (their exit is not awaited), then removes the folder. */
  cleanup(): void {
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Command lines of running processes that mention `text` (Linux /proc). */
export function processesMentioning(text: string): string[] {
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
