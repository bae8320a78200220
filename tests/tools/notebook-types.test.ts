// The notebooks' code cells type-check against the built library, as tslab compiles them, in one program of a few
// seconds; a broken cell is named by notebook and cell.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readNotebook, sourceText, type Notebook } from "../../tools/notebook/runner.js";
import { formatDiagnostic, typeCheckNotebooks } from "../../tools/notebook/typecheck.js";
import { repoRoot } from "../helpers/paths.js";

const notebookDir = join(repoRoot, "notebooks");
const committed = readdirSync(notebookDir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort()
  .map((f) => ({ path: join(notebookDir, f), notebook: readNotebook(join(notebookDir, f)) }));
const code = (...sources: string[]): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", source: "# cells", metadata: {} },
    ...sources.map((s) => ({ cell_type: "code", source: s, metadata: {} })),
  ],
});

// A copy of 01 whose tutorial cell calls a method the library does not have.
const organizations = committed.find((n) => n.path.endsWith("01-organizations.ipynb"))!;
const renameCell = organizations.notebook.cells.findIndex(
  (c) => c.cell_type === "code" && sourceText(c).includes("renameOrganizationDatabase(organization_id, body)"),
);
const broken = structuredClone(organizations.notebook);
broken.cells[renameCell].source = sourceText(broken.cells[renameCell]).replace(
  "renameOrganizationDatabase(",
  "renameDatabase(",
);
const brokenPath = join(notebookDir, "01-broken-copy.ipynb");

// Scope as tslab has it: earlier cells' names, not later ones; top-level await; a later declaration wins.
const scopePath = join(notebookDir, "scope.ipynb");
const scope = code(
  'import { show } from "../dist/lib/index.js";\nconst early = await Promise.resolve(1);',
  "const sum: number = early + late;\nshow(sum);",
  'const late = "text";\nconst early = "now a string";',
  "const length: number = early.length;\nconsole.log({ early }, { show });",
);

const started = Date.now();
const diagnostics = typeCheckNotebooks([
  ...committed,
  { path: brokenPath, notebook: broken },
  { path: scopePath, notebook: scope },
]);
const seconds = (Date.now() - started) / 1000;
const of = (path: string): string[] => diagnostics.filter((d) => d.notebook === path).map(formatDiagnostic);

test("every committed notebook type-checks against the built library", () => {
  assert.ok(committed.length >= 6, `${committed.length} notebooks`);
  const problems = diagnostics.filter((d) => d.notebook !== brokenPath && d.notebook !== scopePath);
  assert.deepEqual(problems.map(formatDiagnostic), []);
  assert.ok(seconds < 30, `the type-check took ${seconds} s`);
});

test("a renamed library method is reported with the notebook and the cell number", () => {
  assert.ok(renameCell > 0, "01 has the tutorial's rename cell");
  const line =
    sourceText(broken.cells[renameCell])
      .split("\n")
      .findIndex((l) => l.includes("renameDatabase(")) + 1;
  assert.deepEqual(of(brokenPath), [
    `${brokenPath} cell ${renameCell + 1}, line ${line}:24: Property 'renameDatabase' does not exist on type 'OrganizationsApi'.`,
  ]);
});

test("a cell sees the names of the cells above it, the latest declaration of each, and may await at the top level", () => {
  assert.deepEqual(of(scopePath), [
    `${scopePath} cell 3, line 1:29: Cannot find name 'late'.`,
    `${scopePath} cell 5, line 2:15: { early } names a variable of an earlier cell, which tslab 1.0.22 runs as a ReferenceError`,
    `${scopePath} cell 5, line 2:26: { show } names a variable of an earlier cell, which tslab 1.0.22 runs as a ReferenceError`,
  ]);
});
