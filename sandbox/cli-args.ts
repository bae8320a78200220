import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The default data folder, `.sandbox-data` at the repository root (git-ignored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../.sandbox-data", import.meta.url));

/**
 * `--name value` options, `--flag` switches (given as "true") and positional arguments; an unknown option is an
 * error naming it.
 */
export function parseArgs(argv: string[], known: string[], flags: string[] = []): { options: Record<string, string>; positional: string[] } {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const value = argv[i + 1];
    if (flags.includes(name)) {
      options[name] = "true";
      continue;
    }
    if (!known.includes(name)) throw new Error(`unknown option --${name} (known: ${[...known, ...flags].map((k) => `--${k}`).join(", ")})`);
    if (value === undefined || value.startsWith("--")) throw new Error(`option --${name} needs a value`);
    options[name] = value;
    i++;
  }
  return { options, positional };
}

export const dataDirOf = (options: Record<string, string>) =>
  resolve(options["data-dir"] ?? process.env.SANDBOX_DATA_DIR ?? DEFAULT_DATA_DIR);

/** The longest `--latency` accepted: a minute, past any client's patience. */
export const MAX_LATENCY_MS = 60_000;

/** `--latency <ms>`: a delay before every request is handled, as a remote deployment's network adds; 0 by default. */
export function latencyOf(options: Record<string, string>): number {
  const value = options.latency ?? "0";
  const ms = Number(value);
  if (value.trim() === "" || !Number.isFinite(ms) || ms < 0 || ms > MAX_LATENCY_MS) {
    throw new Error(`--latency must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}, got ${JSON.stringify(value)}`);
  }
  return ms;
}
