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
