import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../tools/command-line.js";

/** The default data folder, `.sandbox-data` at the repository root (git-ignored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../.sandbox-data", import.meta.url));

/** `--data-dir <dir>`, else `$SANDBOX_DATA_DIR`, else the default data folder. */
export const dataDirOf = (options: { "data-dir"?: string }) =>
  resolve(options["data-dir"] ?? process.env.SANDBOX_DATA_DIR ?? DEFAULT_DATA_DIR);

/** The longest `--latency` accepted: a minute, past any client's patience. */
export const MAX_LATENCY_MS = 60_000;

/** `--latency <ms>`: a delay before every request is handled, as a remote deployment's network adds; 0 by default. */
export function latencyOf(options: { latency?: string }): number {
  const value = options.latency ?? "0";
  const ms = Number(value);
  if (value.trim() === "" || !Number.isFinite(ms) || ms < 0 || ms > MAX_LATENCY_MS) {
    throw new UsageError(
      `--latency must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}, got ${JSON.stringify(value)}`,
    );
  }
  return ms;
}
