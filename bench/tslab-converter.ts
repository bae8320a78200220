import { readdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../tests/helpers/paths.js";
import { tslabConverters } from "../tests/helpers/tslab-converters.js";
import { codeSources } from "../tools/notebook/runner.js";
import { median, type Row } from "./stats.js";

const ROUNDS = 3;

/**
 * tslab's converter alone, in this process: every code cell of the tutorial converted in order, as the kernel does,
 * by the patched converter (each cell compiled once) and by the original (twice), cell by cell side by side,
 * alternating which goes first, 3 rounds: the median cell, and the whole tutorial (median of the rounds' sums).
 */
export async function tslabConverterBenchmark(): Promise<Row[]> {
  const { patched, original } = tslabConverters();
  const notebooks = readdirSync(join(repoRoot, "notebooks"))
    .filter((name) => name.endsWith(".ipynb"))
    .sort();
  const cwd = process.cwd();
  process.chdir(join(repoRoot, "notebooks")); // the kernel's folder: tslab compiles cells there
  const cells: [number[], number[]] = [[], []];
  const totals: [number[], number[]] = [[], []];
  let cellCount = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const total = [0, 0];
      for (const name of notebooks) {
        const converters = [patched.createConverter(), original.createConverter()];
        let prevDecl = "";
        for (const [i, cell] of codeSources(join(repoRoot, "notebooks", name)).entries()) {
          const order = i % 2 ? [1, 0] : [0, 1];
          for (const which of order) {
            const started = performance.now();
            const result = converters[which]!.convert(prevDecl, cell);
            const ms = performance.now() - started;
            cells[which]!.push(ms);
            total[which] += ms;
            if (which === 0 && result.diagnostics.length === 0) prevDecl = result.declOutput ?? "";
          }
          if (round === 0) cellCount++;
        }
        converters.forEach((converter) => converter.close());
      }
      total.forEach((ms, which) => totals[which]!.push(ms));
    }
  } finally {
    process.chdir(cwd);
  }
  const baseline = { baselineName: "tslab 1.0.22's converter (compiled twice)", unit: "ms" };
  return [
    {
      name: "tslab's converter, the tutorial's median cell: patched (compiled once)",
      measured: median(cells[0]),
      baseline: median(cells[1]),
      ...baseline,
    },
    {
      name: `tslab's converter, the tutorial's ${cellCount} cells: patched`,
      measured: median(totals[0]),
      baseline: median(totals[1]),
      ...baseline,
    },
  ];
}
