import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../tests/helpers/paths.js";
import { codeSources, runNotebook } from "../tools/notebook/runner.js";
import { type BenchSandbox, startBenchSandbox } from "./sandbox.js";
import { type Row, time } from "./stats.js";
import { asScript, notebookFolder, runScript } from "./notebook-files.js";

interface Timing {
  /** Wall time, ms. */
  ms: number;
  /** In tslab: the runner's per-cell times added up (kernel start left out), ms. */
  cellsMs?: number;
  failure?: string;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The whole tutorial, every notebook of notebooks/ in order, through the runner in the real tslab kernel against
 * a fresh sandbox; against the same notebooks' code cells run as plain Node scripts (one process per notebook,
 * transpiled by TypeScript) against another fresh sandbox, notebook by notebook side by side.
 */
export async function tutorialBenchmark(): Promise<Row[]> {
  const notebooks = readdirSync(join(repoRoot, "notebooks"))
    .filter((name) => name.endsWith(".ipynb"))
    .sort();
  const dir = mkdtempSync(join(tmpdir(), "ol-bench-tutorial-"));
  let forTslab: BenchSandbox | undefined;
  let forNode: BenchSandbox | undefined;
  const inTslab: Timing[] = [];
  const plain: Timing[] = [];
  try {
    forTslab = await startBenchSandbox();
    forNode = await startBenchSandbox();
    const folder = notebookFolder(dir);
    for (const name of notebooks) {
      inTslab.push(await runInTslab(name, forTslab));
      plain.push(await runAsScript(name, folder, forNode));
      console.log(
        `  ${name}: tslab ${seconds(inTslab.at(-1)!.ms)} (cells ${seconds(inTslab.at(-1)!.cellsMs!)}), plain Node ${seconds(plain.at(-1)!.ms)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await forTslab?.close();
    await forNode?.close();
  }
  const failures = [...inTslab, ...plain].flatMap((timing) => timing.failure ?? []);
  for (const failure of failures) console.log(`  ${failure}`);
  const failed = failures.length ? ` (${failures.length} failed, see above)` : "";
  const row = {
    baseline: sum(plain.map((t) => t.ms)) / 1000,
    baselineName: "its code cells as plain Node scripts",
    unit: "s",
  };
  return [
    {
      name: `tutorial, ${notebooks.length} notebooks in tslab${failed}`,
      measured: sum(inTslab.map((t) => t.ms)) / 1000,
      ...row,
      target: 3,
    },
    {
      name: "tutorial: the cells' times only (kernel starts left out)",
      measured: sum(inTslab.map((t) => t.cellsMs!)) / 1000,
      ...row,
    },
  ];
}

const envOf = (bench: BenchSandbox) => ({ OPENLATTICE_BASE_URL: bench.url, OPENLATTICE_JWT: bench.ownerToken });

async function runInTslab(name: string, bench: BenchSandbox): Promise<Timing> {
  const started = performance.now();
  const result = await runNotebook(join(repoRoot, "notebooks", name), { env: envOf(bench) });
  const ms = performance.now() - started;
  const failure = result.ok
    ? undefined
    : `${name} failed in tslab at cell ${result.failedCell?.index}: ${result.failedCell?.errorText.split("\n")[0]}`;
  return { ms, cellsMs: sum(result.cells.map((cell) => cell.ms)), failure };
}

async function runAsScript(name: string, folder: string, bench: BenchSandbox): Promise<Timing> {
  const script = join(folder, name.replace(/\.ipynb$/, ".mjs"));
  writeFileSync(script, asScript(codeSources(join(repoRoot, "notebooks", name))));
  let failure = "";
  const ms = await time(async () => (failure = await runScript(script, envOf(bench))));
  return { ms, failure: failure ? `${name} failed as a plain Node script: ${failure}` : undefined };
}
