import pg from "pg";
import { databaseUnavailable } from "./control.js";
import type { PostgresServer } from "./postgres.js";

/**
 * Statements on the cluster run one batch at a time. Concurrent GRANTs and REVOKEs on one database or schema
 * update the same catalog row, and PostgreSQL fails all but one with `tuple concurrently updated`. Batches reuse
 * an open session per database (the last few), as a new superuser connection costs more than most batches.
 */
export class ClusterSessions {
  readonly #cluster: PostgresServer;
  readonly #sessions = new Map<string, pg.Client>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(cluster: PostgresServer) {
    this.#cluster = cluster;
  }

  /** Runs statements in order on one database, after every batch queued before them. */
  run(database: string, statements: string[]): Promise<void> {
    const result = this.#queue.then(() => this.#execute(database, statements));
    this.#queue = result.catch(() => {});
    return result;
  }

  async #execute(database: string, statements: string[]): Promise<void> {
    const reused = this.#sessions.get(database);
    const session = reused ?? (await this.#open(database));
    this.#sessions.delete(database);
    this.#sessions.set(database, session); // the most recently used last
    let done = 0;
    try {
      for (const sql of statements) {
        await session.query(sql);
        done++;
      }
    } catch (error) {
      this.#close(database, session); // a failed batch may have left a transaction open
      if (reused && done === 0 && databaseUnavailable(error)) return this.#execute(database, statements); // it had died idle
      throw error;
    }
  }

  async #open(database: string): Promise<pg.Client> {
    const session = new pg.Client(this.#cluster.connection(database));
    session.on("error", () => this.#close(database, session)); // dropped or terminated: the next batch opens another
    await session.connect();
    const [oldest] = this.#sessions.keys();
    if (this.#sessions.size >= 8) this.#close(oldest!, this.#sessions.get(oldest!)!);
    return session;
  }

  #close(database: string, session: pg.Client) {
    if (this.#sessions.get(database) === session) this.#sessions.delete(database);
    session.end().catch(() => {});
  }

  close() {
    for (const [database, session] of this.#sessions) this.#close(database, session);
  }
}
