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

/** `--help` or `-h` was given: the command prints its usage on standard output and exits 0. */
class HelpRequested extends Error {}

type Config = Omit<ParseArgsConfig, "args" | "strict" | "tokens">;

/**
 * `parseArgs({ ...config, args, strict: true })`. `--name value` and `--name=value` both work, a boolean option
 * takes no value. An unknown option, a missing value or an unexpected positional argument is a UsageError
 * naming it; `valueHints` adds what a value looks like to "needs a value" (`{ param: "NAME=value" }`). Every
 * command takes `--help` (`-h`): unless its config declares `help` itself, runCommand then prints its usage.
 */
export function parseCommandLine<T extends Config>(args: string[], config: T, valueHints: Record<string, string> = {}) {
  const ownHelp = config.options?.help !== undefined;
  const help = { help: { type: "boolean", short: "h" } } as const;
  try {
    if (!ownHelp && parseArgs({ args, options: help, strict: false }).values.help === true) throw new HelpRequested();
    return parseArgs({ ...config, args, strict: true });
  } catch (error) {
    throw usageErrorOf(error, ownHelp ? config : { ...config, options: { ...config.options, ...help } }, valueHints);
  }
}

/** parseArgs' error in words of the command's usage line (its first line is `Option '--port <value>' …`). */
function usageErrorOf(error: unknown, config: Config, valueHints: Record<string, string>): unknown {
  if (error instanceof HelpRequested) return error;
  const { code, message } = error as { code?: string; message: string };
  if (!code?.startsWith("ERR_PARSE_ARGS_")) return error;
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? "";
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(" ")[0]!;
  const hint = valueHints[option.replace(/^-+/, "")];
  const known = Object.entries(config.options ?? {}).map(([name, o]) =>
    o.short ? `--${name} (-${o.short})` : `--${name}`,
  );
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
    return new UsageError(`unknown option ${option} (known: ${known.join(", ") || "none"})`);
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return new UsageError(`unexpected argument ${quoted}`);
  if (/does not take an argument/.test(message)) return new UsageError(`${option} takes no value`);
  const needs = `${option} needs a value${hint ? ` ${hint}` : ""}`;
  if (/ambiguous/.test(message)) return new UsageError(`${needs} (one starting with "-" is written ${option}=-…)`);
  return new UsageError(needs);
}

/**
 * Runs a command's `main`: `--help` prints `usage` and exits 0; a UsageError is printed as `<prefix>: <message>` with the usage line and exits 64;
 * any other error is printed as `<prefix>: <message>` and exits 1. Messages are redacted: a mistyped argument
 * may be a token.
 */
export async function runCommand(
  prefix: string,
  usage: string,
  main: () => Promise<number | void> | number | void,
): Promise<void> {
  try {
    const code = await main();
    if (typeof code === "number") process.exitCode = code;
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(usage);
      process.exit(0);
    }
    const usageError = error instanceof UsageError;
    console.error(
      `${prefix}: ${redact(error instanceof Error ? error.message : String(error))}${usageError ? `\n${usage}` : ""}`,
    );
    process.exit(usageError ? USAGE_EXIT_CODE : 1);
  }
}
