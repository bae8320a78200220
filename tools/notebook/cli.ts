/**
 * `npm run notebook -- <file.ipynb> [--out <dir>] [--param NAME=value ...]`: runs a notebook in the tslab kernel.
 * Each --param becomes an environment variable of the kernel and is recorded in the executed copy's metadata.
 * Exit codes: 0 all cells ran, 1 a cell failed (or the kernel could not run), 2 a notebook that cannot be read,
 * 64 bad usage.
 */
import { parseCommandLine, runCommand, UsageError } from "../command-line.js";
import { NotebookInputError, parseParam, runNotebook } from "./runner.js";

const USAGE = "usage: npm run notebook -- <file.ipynb> [--out <dir>] [--param NAME=value ...]";

interface CliArgs {
  file: string;
  outDir?: string;
  params: Record<string, string>;
}

/** @throws UsageError naming what is wrong with the arguments. */
function cliArgs(args: string[]): CliArgs {
  const { values, positionals } = parseCommandLine(
    args,
    {
      options: { out: { type: "string", multiple: true }, param: { type: "string", multiple: true } },
      allowPositionals: true,
    },
    { param: "NAME=value" },
  );
  if (positionals.length === 0) throw new UsageError("no notebook given");
  if (positionals.length > 1) throw new UsageError(`one notebook at a time (got ${positionals.join(" and ")})`);
  if ((values.out?.length ?? 0) > 1) throw new UsageError("--out is given twice");
  const params: Record<string, string> = {};
  for (const text of values.param ?? []) {
    const [name, value] = asUsageError(() => parseParam(text));
    if (name in params) throw new UsageError(`--param ${name} is given twice`);
    params[name] = value;
  }
  return { file: positionals[0]!, outDir: values.out?.[0], params };
}

/** A NotebookInputError about an argument is a usage error. */
function asUsageError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw error instanceof NotebookInputError ? new UsageError(error.message) : error;
  }
}

async function main(): Promise<number> {
  const args = cliArgs(process.argv.slice(2));
  process.once("SIGINT", () => process.exit(130)); // runs the exit hook that kills the kernel
  try {
    const result = await runNotebook(args.file, {
      outDir: args.outDir,
      params: args.params,
      onCell: ({ index, ms, status }) => console.log(`cell ${index + 1}  ${status}  ${ms} ms`),
    });
    if (result.outputPath) console.log(`wrote ${result.outputPath}`);
    if (result.failedCell) {
      const { index, source, errorText } = result.failedCell;
      console.error(`\ncell ${index + 1} failed:\n${source}\n\n${errorText}`);
      return 1;
    }
    return 0;
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    return err instanceof NotebookInputError ? 2 : 1;
  }
}

await runCommand("error", USAGE, main);
