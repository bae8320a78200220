import { closeSync, openSync, readSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { RestartBudget } from "../restarts.js";
import { paths, startPostmaster, stopPostmaster, type EmbeddedPostgres } from "./postgres.js";

/** Why the sandbox cannot serve right now, and when a client may try again. */
export interface Outage {
  message: string;
  retryAfterS: number;
}

/** Given up: a client should not wait (the client library throws at once on a Retry-After over 60 s). */
const GIVEN_UP_RETRY_AFTER_S = 3600;

/**
 * Watches the embedded PostgreSQL and starts it again when its postmaster exits (a crash, the out-of-memory
 * killer, a stray `kill`): after a backoff, on the same port, up to `budget.limit` attempts; then `afterRestart`
 * (the recovery checks the sandbox runs at start) before it serves again. While it is down `outage()` says why;
 * when it cannot come back it names the cause from PostgreSQL's log and what to do, and stops trying.
 */
export class PostgresSupervisor {
  #outage: Outage | undefined;
  #stopped = false;
  #restarting: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(
    private readonly server: EmbeddedPostgres,
    private readonly afterRestart: () => Promise<void>,
    private readonly budget = new RestartBudget(),
  ) {
    budget.started();
    this.#watch();
  }

  /** Undefined while PostgreSQL serves; otherwise what a request should be told. */
  outage(): Outage | undefined {
    return this.#outage;
  }

  /** Stops watching, after a restart under way has settled (before the sandbox stops PostgreSQL itself). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#restarting;
  }

  #watch() {
    const { postmaster } = this.server;
    const exited = () => void (this.#restarting = this.#restart(`PostgreSQL exited (${exitOf(postmaster)})`));
    if (postmaster.exitCode !== null || postmaster.signalCode !== null) return void exited();
    postmaster.once("exit", exited);
  }

  /** `why` it is down; `advice`, what to do should it not come back. */
  async #restart(why: string, advice?: string): Promise<void> {
    if (this.#stopped) return;
    const next = this.budget.next();
    if (!next) return this.#giveUp(why, advice);
    const { attempt, delayMs } = next;
    const message = `${why}; restarting, attempt ${attempt} of ${this.budget.limit}.${advice ? ` ${advice}` : ""}`;
    console.error(`sandbox: ${message}`);
    this.#outage = { message, retryAfterS: Math.ceil(delayMs / 1000) + 1 };
    await this.#pause(delayMs);
    if (this.#stopped) return;
    const { log } = paths(this.server.dataDir);
    const logOffset = sizeOf(log);
    const started = Date.now();
    try {
      await stopPostmaster(this.server.dataDir); // a stray one, or the dead one's lock file
      this.server.postmaster = await startPostmaster(this.server.dataDir, this.server.port);
      if (this.#stopped) return;
      this.#outage = { message: "PostgreSQL restarted; checking for half-made writes.", retryAfterS: 1 };
      await this.afterRestart();
      if (this.server.postmaster.exitCode !== null || this.server.postmaster.signalCode !== null)
        throw new Error("it exited again");
    } catch (error) {
      const failure = diagnose(readFrom(log, logOffset), this.server);
      console.error(`sandbox: PostgreSQL did not come back: ${failure?.cause ?? (error as Error).message}`);
      return failure
        ? this.#restart(`PostgreSQL cannot start: ${failure.cause}`, failure.advice)
        : this.#restart(why, advice);
    }
    if (this.#stopped) return;
    this.budget.started();
    this.#outage = undefined;
    console.log(
      `sandbox: PostgreSQL is back (attempt ${attempt}, started in ${((Date.now() - started) / 1000).toFixed(1)} s); serving again`,
    );
    this.#watch();
  }

  /** Waits `ms`, or less when stopped meanwhile. */
  #pause(ms: number): Promise<void> {
    return new Promise((done) => {
      const timer = setTimeout(done, ms);
      this.#wake = () => (clearTimeout(timer), done());
    });
  }

  #giveUp(why: string, advice = `See ${paths(this.server.dataDir).log}, then restart the sandbox.`) {
    const message = `${why}; the sandbox stopped restarting it after ${this.budget.limit} attempts. ${advice}`;
    console.error(`sandbox: ${message}`);
    this.#outage = { message, retryAfterS: GIVEN_UP_RETRY_AFTER_S };
  }
}

/** `signal SIGKILL` or `exit code 1`. */
function exitOf(child: { exitCode: number | null; signalCode: NodeJS.Signals | null }): string {
  return child.signalCode ? `signal ${child.signalCode}` : `exit code ${child.exitCode}`;
}

/**
 * What kept PostgreSQL from starting, from the lines it wrote to its log during the attempt: the port is taken,
 * the disk is full, its files may not be read, the data folder is damaged, or another FATAL or PANIC line; with
 * what to do about it.
 */
export function diagnose(
  logText: string,
  server: { dataDir: string; port: number },
): { cause: string; advice: string } | undefined {
  const lines = logText.split("\n").filter((line) => line.trim() && !/\bSTATEMENT:/.test(line)); // statements may hold passwords
  const quote = (pattern: RegExp) =>
    lines
      .find((line) => pattern.test(line))
      ?.replace(/^.*?\b(FATAL|PANIC|ERROR|LOG):\s*/, "")
      .trim();
  const restart = "then restart the sandbox";
  const bind = quote(/Address already in use/);
  if (bind)
    return {
      cause: `port ${server.port} is taken by another program (PostgreSQL: ${bind})`,
      advice: "Stop that program, or restart the sandbox (it picks a free port).",
    };
  const full = quote(/No space left on device/);
  if (full)
    return {
      cause: `the disk holding ${resolve(server.dataDir)} is full (PostgreSQL: ${full})`,
      advice: `Free some space, ${restart}.`,
    };
  const denied = quote(/Permission denied/);
  if (denied) {
    return {
      cause: `PostgreSQL may not read or write its files in ${resolve(server.dataDir)} (PostgreSQL: ${denied})`,
      advice: `Give the data folder back to the user PostgreSQL runs as (the sandbox's own user, or \`postgres\` when run as root), ${restart}.`,
    };
  }
  const damaged = quote(
    /checkpoint record|pg_control|could not (open|read) file|invalid (magic number|record length|page)|checksum|corrupt|incompatible/,
  );
  if (damaged) {
    return {
      cause: `the data folder ${resolve(server.dataDir)} is damaged (PostgreSQL: ${damaged})`,
      advice: `Restore it from a copy, or remove it to start afresh (the sandbox's data is then lost), ${restart}.`,
    };
  }
  const fatal = quote(/\b(FATAL|PANIC):/);
  return fatal ? { cause: fatal, advice: `See ${paths(server.dataDir).log}, ${restart}.` } : undefined;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The text of `file` from `offset` on (at most 64 KB). */
function readFrom(file: string, offset: number): string {
  try {
    const fd = openSync(file, "r");
    try {
      const buffer = Buffer.alloc(Math.min(64 * 1024, Math.max(0, sizeOf(file) - offset)));
      return buffer.toString("utf8", 0, readSync(fd, buffer, 0, buffer.length, offset));
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}
