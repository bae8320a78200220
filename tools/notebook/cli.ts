/**
 * `npm run notebook -- <file.ipynb> [--out <dir>]`: runs a notebook in the tslab kernel.
 * Exit codes: 0 all cells ran, 1 a cell failed (or the kernel could not run), 2 bad usage or input.
 */
import { NotebookInputError, runNotebook } from "./runner.js";

const USAGE = "usage: npm run notebook -- <file.ipynb> [--out <dir>]";

function parseArgs(args: string[]): { file: string; outDir?: string } | undefined {
  let file: string | undefined;
  let outDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out" && args[i + 1] !== undefined && outDir === undefined) outDir = args[++i];
    else if (!args[i].startsWith("-") && file === undefined) file = args[i];
    else return undefined;
  }
  return file === undefined ? undefined : { file, outDir };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error(USAGE);
    return 2;
  }
  process.once("SIGINT", () => process.exit(130)); // runs the exit hook that kills the kernel
  try {
    const result = await runNotebook(args.file, {
      outDir: args.outDir,
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
