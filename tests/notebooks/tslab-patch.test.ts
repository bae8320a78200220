import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ConvertResult } from "tslab/dist/converter.js";
import { codeSources } from "../../tools/notebook/runner.js";
import { repoRoot } from "../helpers/paths.js";
import { tslabConverters } from "../helpers/tslab-converters.js";

/**
 * `patches/tslab+<version>.patch` makes tslab's converter compile each cell once instead of twice: the patched
 * converter must give exactly what the original gives.
 */
const { patched, original } = tslabConverters();

/** Converts `cells` in order with both converters, carrying declarations as tslab's executor does; returns both results. */
function convertBoth(cells: string[]): Array<[string, ConvertResult, ConvertResult]> {
  const converters = [original.createConverter(), patched.createConverter()];
  let prevDecl = "";
  try {
    return cells.map((cell) => {
      const [before, after] = converters.map((converter) => converter.convert(prevDecl, cell)) as [
        ConvertResult,
        ConvertResult,
      ];
      if (before.diagnostics.length === 0) prevDecl = before.declOutput ?? "";
      return [cell, before, after];
    });
  } finally {
    converters.forEach((converter) => converter.close());
  }
}

/** Cells that fail (each in the same way), and declarations of every kind, each after the ones before it. */
const FAILING_CELLS = [
  `const n: number = "text";`,
  `const = 1;`,
  `nowhere + 1`,
  `let twice = 1;\nlet twice = 2;`,
  `import { missing } from "./no-such-module.js";`,
  `export const exported = 1;`,
  `var __dunder = 1;`, // tslab exports the binder's escaped name, ___dunder
];
const DECLARING_CELLS = [
  `interface Point { x: number; y: number }\ntype Points = Point[];\nenum Axis { X, Y }\nclass Shape { constructor(readonly points: Points) {} }\nfunction area(shape: Shape): number { return shape.points.length; }\nnamespace Units { export const metre = 1; }`,
  `const { x, y: [first, ...rest] } = { x: 1, y: [2, 3] };\nlet later;`,
  `const shape = new Shape([{ x: first, y: rest.length }]);\narea(shape) + Axis.Y + x`,
  `for (const i of [1, 2]) { later = i; }\nlater`,
  `await (async () => 1)()`,
];
const WRONG_TYPE = `const shape2: Point = shape;`;

describe("tslab's patched converter", () => {
  process.chdir(join(repoRoot, "notebooks")); // tslab compiles cells in the kernel's folder, the notebook's

  const notebooks = readdirSync(join(repoRoot, "notebooks"))
    .filter((name) => name.endsWith(".ipynb"))
    .sort();
  for (const name of notebooks) {
    it(`gives the original's outputs and diagnostics on every cell of ${name}`, () => {
      const results = convertBoth(codeSources(join(repoRoot, "notebooks", name)));
      assert.ok(results.length > 3);
      for (const [cell, before, after] of results) {
        assert.deepEqual(after, before, cell);
        assert.deepEqual(before.diagnostics, [], `the tutorial's cells compile: ${cell}`);
      }
    });
  }

  it("gives the original's diagnostics on failing cells, and its outputs on declarations of every kind", () => {
    const results = convertBoth([...FAILING_CELLS, ...DECLARING_CELLS, WRONG_TYPE]);
    for (const [cell, before, after] of results) assert.deepEqual(after, before, cell);
    const failing = results.filter(([, before]) => before.diagnostics.length > 0).map(([cell]) => cell);
    assert.deepEqual(failing, [...FAILING_CELLS, WRONG_TYPE]);
  });
});
