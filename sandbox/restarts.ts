/**
 * How often a crashed process is started again (the embedded PostgreSQL by the sandbox, the sandbox by `npm
 * start`): up to `limit` attempts, waiting `firstDelayMs` before the first and twice as long before each next
 * one. The count starts over once a start has lasted `stableMs`.
 */
export class RestartBudget {
  #attempt = 0;
  #upSince: number | undefined;

  constructor(
    readonly limit = 5,
    private readonly firstDelayMs = 500,
    private readonly stableMs = 60_000,
  ) {}

  /** The process is up (started, and ready). */
  started(): void {
    this.#upSince = Date.now();
  }

  /** After an exit or a failed start: the next attempt and the wait before it, or undefined past the limit. */
  next(): { attempt: number; delayMs: number } | undefined {
    if (this.#upSince !== undefined && Date.now() - this.#upSince >= this.stableMs) this.#attempt = 0;
    this.#upSince = undefined;
    if (this.#attempt >= this.limit) return undefined;
    this.#attempt++;
    return { attempt: this.#attempt, delayMs: this.firstDelayMs * 2 ** (this.#attempt - 1) };
  }
}
