import { InputError } from "../errors.js";

/** How far a bulk change is: `finished` of `total` changes, of which `done` succeeded and `failed` did not. */
export interface BulkProgress {
  total: number;
  finished: number;
  done: number;
  failed: number;
}

/** A progress callback for `applyBulkMembership`'s `onProgress`. */
export type ProgressReporter = (progress: BulkProgress) => void;

/** Where a tslab display (`tslab.newDisplay()`) shows text, replacing what it showed before. */
export interface TextDisplay {
  text(text: string): void;
}

/** A terminal, or any stream written to (process.stderr by default). */
export interface TextStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** `"42/120 changes · 40 done · 2 failed"`. */
export function progressText({ total, finished, done, failed }: BulkProgress): string {
  return `${finished}/${total} changes · ${done} done · ${failed} failed`;
}

/** `"[######------] 42/120 changes · 40 done · 2 failed"`, the bar `width` characters wide. */
export function progressBar(progress: BulkProgress, width = 30): string {
  checkWidth(width);
  const filled = Math.round((progress.total ? progress.finished / progress.total : 1) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${progressText(progress)}`;
}

/**
 * Shows progress in a notebook, in one display updated in place: the bar of `progressBar` (plain text, so saved
 * notebooks and text-only front ends show it too); at most every `intervalMs` (default 100), always the last state.
 * @example const display = tslab.newDisplay(); await applyBulkMembership(plan, { onProgress: notebookProgress(display) });
 */
export function notebookProgress(
  display: TextDisplay,
  options: { width?: number; intervalMs?: number } = {},
): ProgressReporter {
  if (typeof display?.text !== "function")
    throw new InputError("display", "must have a text(text) method, e.g. tslab.newDisplay()");
  checkWidth(options.width ?? 30);
  return throttled(options.intervalMs ?? 100, (progress) => display.text(progressBar(progress, options.width)));
}

/**
 * Shows progress on a terminal: a bar redrawn in place on one line (a new line once finished); on a stream that
 * is not a terminal, one line at each tenth and at the end. At most every `intervalMs` (default 100).
 * @example await applyBulkMembership(plan, { onProgress: terminalProgress() });
 */
export function terminalProgress(
  options: { stream?: TextStream; width?: number; intervalMs?: number } = {},
): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (typeof stream?.write !== "function") throw new InputError("options.stream", "must have a write(text) method");
  checkWidth(options.width ?? 30);
  let lastTenth = -1;
  return throttled(options.intervalMs ?? 100, (progress) => {
    const over = progress.finished === progress.total;
    if (stream.isTTY) {
      stream.write(`\r${progressBar(progress, options.width)}${over ? "\n" : ""}`);
      return;
    }
    const tenth = Math.floor((progress.total ? progress.finished / progress.total : 1) * 10);
    if (tenth > lastTenth || over) stream.write(`${progressText(progress)}\n`);
    lastTenth = tenth;
  });
}

function checkWidth(width: unknown): void {
  if (!Number.isInteger(width) || (width as number) < 1)
    throw new InputError("width", "must be a whole number of characters ≥ 1", width);
}

/** Calls `show` at most every `intervalMs`, except that the first and the finished state are always shown. */
function throttled(intervalMs: number, show: ProgressReporter): ProgressReporter {
  if (typeof intervalMs !== "number" || !(intervalMs >= 0))
    throw new InputError("intervalMs", "must be a number of milliseconds ≥ 0", intervalMs);
  let last = -Infinity;
  return (progress) => {
    const now = Date.now();
    if (progress.finished !== progress.total && now - last < intervalMs) return;
    last = now;
    show(progress);
  };
}
