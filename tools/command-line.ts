// The one way every command reads its arguments: node:util's parseArgs in strict mode, with short messages and one
// exit code for a command line that cannot be used.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { redact } from "../lib/redaction.js";

/** The exit code of a command given arguments it cannot use (sysexits' EX_USAGE). */
export const USAGE_EXIT_CODE = 64;

/** Something wrong with the command line; the command prints it with its usage line and exits 64. */
export class UsageError extends Error {
  override name = "UsageError";
}

type Config = Omit<ParseArgsConfig, "args" | "strict" | "tokens">;

/**
 * `parseArgs({ ...config, args, strict: true })`. `--name value` and `--name=value` both work, a boolean option
 * takes no value. An unknown option, a missing value or an unexpected positional argument is a UsageError
 * naming it; `valueHints` adds what a value looks like to "needs a value" (`{ param: "NAME=value" }`).
 */
export function parseCommandLine<T extends Config>(args: string[], config: T, valueHints: Record<string, string> = {}) {
  try {
    return parseArgs({ ...config, args, strict: true });
  } catch (error) {
    throw usageErrorOf(error, config, valueHints);
  }
}

/** parseArgs' error in words of the command's usage line (its first line is `Option '--port <value>' …`). */
function usageErrorOf(error: unknown, config: Config, valueHints: Record<string, string>): unknown {
  const { code, message } = error as { code?: string; message: string };
  if (!code?.startsWith("ERR_PARSE_ARGS_")) return error;
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? "";
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(" ")[0]!;
  const hint = valueHints[option.replace(/^-+/, "")];
  const known = Object.entries(config.options ?? {}).map(([name, o]) => (o.short ? `--${name} (-${o.short})` : `--${name}`));
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return new UsageError(`unknown option ${option} (known: ${known.join(", ") || "none"})`);
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return new UsageError(`unexpected argument ${quoted}`);
  if (/does not take an argument/.test(message)) return new UsageError(`${option} takes no value`);
  const needs = `${option} needs a value${hint ? ` ${hint}` : ""}`;
  if (/ambiguous/.test(message)) return new UsageError(`${needs} (one starting with "-" is written ${option}=-…)`);
  return new UsageError(needs);
}

/**
 * Runs a command's `main`: a UsageError is printed as `<prefix>: <message>` with the usage line and exits 64;
 * any other error is printed as `<prefix>: <message>` and exits 1. Messages are redacted: a mistyped argument
 * may be a token.
 */
export async function runCommand(prefix: string, usage: string, main: () => Promise<number | void> | number | void): Promise<void> {
  try {
    const code = await main();
    if (typeof code === "number") process.exitCode = code;
  } catch (error) {
    const usageError = error instanceof UsageError;
    console.error(`${prefix}: ${redact(error instanceof Error ? error.message : String(error))}${usageError ? `\n${usage}` : ""}`);
    process.exit(usageError ? USAGE_EXIT_CODE : 1);
  }
}
