// Child processes for `npm start`: short commands, and long-running services whose output is relayed
// line by line with a prefix, which can be waited on for a line and stopped with a given signal.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createInterface } from "node:readline";

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion. stdout/stderr are captured, or shown when `inherit` is set. */
export function run(
  command: string,
  args: readonly string[],
  options: { inherit?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.inherit ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr?.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A long-running child (sandbox, Jupyter) in its own process group, so a terminal Ctrl-C reaches only
 *  `npm start`, which then stops the children in order. */
export class Service {
  readonly child: ChildProcess;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private lineListeners: ((line: string) => void)[] = [];

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    options: Pick<SpawnOptions, "cwd" | "env"> = {},
  ) {
    this.child = spawn(command, args, {
      ...options,
      detached: process.platform !== "win32",
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.exited = new Promise((resolve) => {
      // "error" fires instead of "exit" when the command cannot be spawned at all.
      this.child.on("error", (err) => {
        process.stderr.write(`[${name}] ${err.message}\n`);
        this.exitInfo ??= { code: null, signal: null };
        resolve(this.exitInfo);
      });
      this.child.on("exit", (code, signal) => {
        this.exitInfo ??= { code, signal };
        resolve(this.exitInfo);
      });
    });
    this.relay(this.child.stdout, process.stdout);
    this.relay(this.child.stderr, process.stderr);
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** Waits for an output line matching `pattern`; rejects if the process exits first or on timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.lineListeners = this.lineListeners.filter((l) => l !== listener);
        fn();
      };
      const listener = (line: string) => {
        if (pattern.test(line)) done(() => resolve(line));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`${this.name} was not ready after ${Math.round(timeoutMs / 1000)} s`))),
        timeoutMs,
      );
      this.lineListeners.push(listener);
      void this.exited.then((e) =>
        done(() => reject(new Error(`${this.name} exited before it was ready (${describeExit(e)})`))),
      );
    });
  }

  /** Sends `signal` and waits up to `graceMs` for the process to exit; then kills its whole group. */
  async stop(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    if (!this.running) return;
    this.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      process.stderr.write(`[start] ${this.name} did not stop within ${graceMs / 1000} s; killing it\n`);
      this.kill("SIGKILL", true);
      await this.exited;
    }
  }

  /** Signals the process (or, with `group`, its whole process group). Ignores already-gone processes. */
  kill(signal: NodeJS.Signals, group = false): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (group && process.platform !== "win32") process.kill(-pid, signal);
      else process.kill(pid, signal);
    } catch {
      // already exited
    }
  }

  private relay(stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream): void {
    if (!stream) return;
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
      out.write(`[${this.name}] ${line}\n`);
      for (const l of [...this.lineListeners]) l(line);
    });
  }
}

export function describeExit(e: { code: number | null; signal: NodeJS.Signals | null }): string {
  return e.signal ? `signal ${e.signal}` : e.code === null ? "could not start" : `exit code ${e.code}`;
}
