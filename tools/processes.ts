// Child processes for `npm start`: short commands, and long-running services whose output is relayed
// line by line with a prefix, which can be waited on for a line, stopped with a given signal, and restarted
// when they exit unexpectedly.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createInterface } from "node:readline";
import { RestartBudget } from "../sandbox/restarts.js";

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

export interface RestartOptions {
  /** The line that says the service is ready. */
  ready: RegExp;
  readyMs: number;
  /** Where the restarts are reported. */
  say: (line: string) => void;
  /** Called when the service exited unexpectedly more often than the budget allows. */
  giveUp: (exit: { code: number | null; signal: NodeJS.Signals | null }) => void;
  budget?: RestartBudget;
}

/**
 * A service that is started again when it exits unexpectedly after it was once ready: after a backoff, up to the
 * budget's limit (then `giveUp`). `stop` ends it for good. Its first start failing is not retried.
 */
export class RestartingService {
  #current: Service;
  #stopped = false;
  #wasReady = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #budget: RestartBudget;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly spawnOptions: Pick<SpawnOptions, "cwd" | "env">,
    private readonly restart: RestartOptions,
  ) {
    this.#budget = restart.budget ?? new RestartBudget(5, 1000);
    this.#current = this.#start();
  }

  get running(): boolean {
    return this.#current.running;
  }

  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    return this.#current.waitForLine(pattern, timeoutMs);
  }

  async stop(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#current.stop(signal, graceMs);
  }

  kill(signal: NodeJS.Signals, group = false): void {
    this.#current.kill(signal, group);
  }

  #start(): Service {
    const service = new Service(this.name, this.command, this.args, this.spawnOptions);
    service.waitForLine(this.restart.ready, this.restart.readyMs).then(
      () => {
        if (this.#wasReady) this.restart.say(`${this.name} is back`);
        this.#wasReady = true;
        this.#budget.started();
      },
      () => service.kill("SIGKILL", true), // not ready in time: its exit counts as a failed attempt
    );
    void service.exited.then((exit) => this.#exited(exit));
    return service;
  }

  #exited(exit: { code: number | null; signal: NodeJS.Signals | null }) {
    if (this.#stopped || !this.#wasReady) return;
    const next = this.#budget.next();
    if (!next) return this.restart.giveUp(exit);
    const { attempt, delayMs } = next;
    this.restart.say(
      `${this.name} exited unexpectedly (${describeExit(exit)}); restarting it in ${delayMs / 1000} s (attempt ${attempt} of ${this.#budget.limit})`,
    );
    this.#timer = setTimeout(() => {
      if (!this.#stopped) this.#current = this.#start();
    }, delayMs);
  }
}
