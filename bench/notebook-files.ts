import { spawn } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { repoRoot } from "../tests/helpers/paths.js";

/** Notebooks and plain Node scripts made from cells, for the benchmarks that compare the two. */

/** One code cell per source, as nbformat 4 stores them. */
export function notebookJson(sources: string[]): string {
  const cells = sources.map((source) => ({
    cell_type: "code",
    source,
    metadata: {},
    outputs: [],
    execution_count: null,
  }));
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", language: "typescript" } },
    cells,
  });
}

/**
 * Makes `<dir>/notebooks/` beside links to the kit's dist/ and node_modules/, and returns it: a notebook there
 * imports the library as the tutorial's do (`../dist/lib/index.js`).
 */
export function notebookFolder(dir: string): string {
  for (const link of ["dist", "node_modules"]) symlinkSync(join(repoRoot, link), join(dir, link));
  mkdirSync(join(dir, "notebooks"));
  return join(dir, "notebooks");
}

/** Code cells, one after the other, as one JavaScript module. */
export function asScript(cells: string[]): string {
  const source = cells.join("\n;\n");
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/**
 * Runs a script in notebooks/, where the kernel runs a notebook (files such as data/ are read from there); resolves
 * to "" when it exits with 0, else to the first line of stderr naming an error.
 */
export function runScript(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: join(repoRoot, "notebooks"),
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    const error = () =>
      stderr
        .split("\n")
        .find((line) => /error/i.test(line))
        ?.trim();
    child.once("exit", (code) => resolve(code === 0 ? "" : error() || `exit code ${code}`));
  });
}
