/**
 * `npm run notebook -- <file.ipynb> [--out <dir>] [--param NAME=value ...]`: runs a notebook in the tslab kernel.
 * Each --param becomes an environment variable of the kernel and is recorded in the executed copy's metadata.
 * Exit codes: 0 all cells ran, 1 a cell failed (or the kernel could not run), 2 bad usage or input.
 */
import { redact } from "../../lib/errors.js";
import { NotebookInputError, parseParam, runNotebook } from "./runner.js";

const USAGE = "usage: npm run notebook -- <file.ipynb> [--out <dir>] [--param NAME=value ...]";

interface CliArgs {
  file: string;
  outDir?: string;
  params: Record<string, string>;
}

/** @throws NotebookInputError naming what is wrong with the arguments. */
function parseArgs(args: string[]): CliArgs {
  let file: string | undefined;
  let outDir: string | undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--out" || arg === "--param") {
      const value = args[++i];
      if (value === undefined) throw new NotebookInputError(`${arg} needs a value${arg === "--param" ? " NAME=value" : ""}`);
      if (arg === "--out" && outDir !== undefined) throw new NotebookInputError("--out is given twice");
      if (arg === "--out") outDir = value;
      else {
        const [name, text] = parseParam(value);
        if (name in params) throw new NotebookInputError(`--param ${name} is given twice`);
        params[name] = text;
      }
    } else if (arg.startsWith("-")) throw new NotebookInputError(`unknown option ${arg}`);
    else if (file !== undefined) throw new NotebookInputError(`one notebook at a time (got ${file} and ${arg})`);
    else file = arg;
  }
  if (file === undefined) throw new NotebookInputError("no notebook given");
  return { file, outDir, params };
}

async function main(): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`error: ${redact((err as Error).message)}\n${USAGE}`); // a mistyped argument may be a token
    return 2;
  }
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

process.exitCode = await main();
