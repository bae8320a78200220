import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { Module } from "node:module";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import type { ConvertResult, Converter } from "tslab/dist/converter.js";
import { readNotebook } from "../../tools/notebook/runner.js";
import { repoRoot } from "../helpers/paths.js";

/**
 * `patches/tslab+<version>.patch` (applied by `npm install`) makes tslab's converter compile each cell once
 * instead of twice. The patched converter must give exactly what the original gives: the original is the
 * installed file with the patch taken back out, both loaded from tslab's own folder.
 */

const CONVERTER = join(repoRoot, "node_modules/tslab/dist/converter.js");
const PATCH = join(repoRoot, "patches", readdirSync(join(repoRoot, "patches")).find((name) => name.startsWith("tslab+"))!);

/** The file as it was before `patch` (a unified diff) was applied to it. */
function unpatched(text: string, patch: string): string {
  for (const hunk of patch.split(/^@@.*@@.*\n/m).slice(1)) {
    const lines = hunk.split("\n").filter((line) => /^[ +-]/.test(line));
    const side = (mark: string) => lines.filter((line) => line[0] === " " || line[0] === mark).map((line) => line.slice(1)).join("\n");
    assert.ok(text.includes(side("+")), "the installed converter holds the patch (npm install applies it)");
    text = text.replace(side("+"), () => side("-"));
  }
  return text;
}

/** tslab's converter module compiled from `source`, resolving its imports from tslab's folder. */
function converterFrom(source: string): { createConverter(): Converter } {
  const module = new Module(CONVERTER) as Module & { _compile(source: string, filename: string): void };
  module.filename = CONVERTER;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(CONVERTER));
  module._compile(source, CONVERTER);
  return module.exports as { createConverter(): Converter };
}

const patchedSource = readFileSync(CONVERTER, "utf8");
const patched = converterFrom(patchedSource);
const original = converterFrom(unpatched(patchedSource, readFileSync(PATCH, "utf8")));

/** Converts `cells` in order with both converters, carrying declarations as tslab's executor does; returns both results. */
function convertBoth(cells: string[]): Array<[string, ConvertResult, ConvertResult]> {
  const converters = [original.createConverter(), patched.createConverter()];
  let prevDecl = "";
  try {
    return cells.map((cell) => {
      const [before, after] = converters.map((converter) => converter.convert(prevDecl, cell)) as [ConvertResult, ConvertResult];
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
  `var __dunder = 1;`, // tslab exports the binder's escaped name, \`___dunder\`
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

  const notebooks = readdirSync(join(repoRoot, "notebooks")).filter((name) => name.endsWith(".ipynb")).sort();
  for (const name of notebooks) {
    it(`gives the original's outputs and diagnostics on every cell of ${name}`, () => {
      const cells = readNotebook(join(repoRoot, "notebooks", name))
        .cells.filter((cell) => cell.cell_type === "code")
        .map((cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source));
      const results = convertBoth(cells);
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
