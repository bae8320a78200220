import { InputError } from "../errors.js";

/** The most requests a bulk operation may have in flight at once. */
export const MAX_CONCURRENCY = 64;

/** `value` as a whole number of parallel requests, 1 to 64; `name` is the option's name in the error. */
export function checkConcurrency(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
    throw new InputError(name, `must be a whole number from 1 to ${MAX_CONCURRENCY}`, value);
  }
  return value;
}

/**
 * Runs `work` on every item, at most `concurrency` at a time, and resolves when all are done. `work` handles its
 * own errors: one that escapes rejects the whole run.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
