import type { Caller } from "../services/acl.js";

/**
 * Callers (a user and every principal they hold) remembered between requests, so that a run of reads does not
 * look them up again. A request that may change something (its route does not only read: `Route.reads`) forgets
 * them all when it starts and again when it ends, before its answer is sent: the next request sees the permissions
 * and memberships it left. A caller looked up while such a request ran is not remembered.
 */
export class CallerCache {
  readonly #callers = new Map<string, Caller>();
  /** Changing requests started or ended so far, and those running now. */
  #changes = 0;
  #changing = 0;

  /** The caller behind `userId`: remembered, else from `lookUp` (an unknown user, `undefined`, is not remembered). */
  async get(userId: string, lookUp: () => Promise<Caller | undefined>): Promise<Caller | undefined> {
    const remembered = this.#callers.get(userId);
    if (remembered) return remembered;
    const quiet = this.#changing === 0;
    const changesBefore = this.#changes;
    const caller = await lookUp();
    if (caller && quiet && this.#changes === changesBefore) this.#callers.set(userId, caller);
    return caller;
  }

  /** Runs a request that may change permissions or memberships, forgetting every caller before and after it. */
  async changing<T>(work: () => Promise<T>): Promise<T> {
    this.#forget();
    this.#changing++;
    try {
      return await work();
    } finally {
      this.#changing--;
      this.#forget();
    }
  }

  #forget() {
    this.#changes++;
    this.#callers.clear();
  }
}
