// Output hygiene: notebooks are committed clean, and `npm run notebooks:clean` (with `--check`) keeps them so.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { run } from "../../tools/processes.js";
import { repoRoot } from "../helpers/paths.js";

const cli = join(repoRoot, "dist", "tools", "clean-notebooks.js");
const notebookDir = join(repoRoot, "notebooks");
const notebooks = readdirSync(notebookDir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
const dir = mkdtempSync(join(tmpdir(), "clean-notebooks-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const clean = (...args: string[]) => run(process.execPath, [cli, ...args], { cwd: repoRoot });

test("the check passes on the repository's notebooks", async () => {
  assert.ok(notebooks.length > 0);
  const r = await clean("--check");
  assert.equal(r.code, 0, r.stderr);
});

for (const name of notebooks) {
  test(`${name} is committed clean: no output, token-like string, ANSI escape or error`, () => {
    const text = readFileSync(join(notebookDir, name), "utf8");
    const cells = (JSON.parse(text) as { cells: { outputs?: unknown[]; execution_count?: unknown }[] }).cells;
    cells.forEach((cell, i) => {
      assert.deepEqual(cell.outputs ?? [], [], `cell ${i + 1} has outputs`);
      assert.equal(cell.execution_count ?? null, null, `cell ${i + 1} has an execution count`);
    });
    assert.doesNotMatch(text, /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/, "a JWT");
    assert.doesNotMatch(text, /[?&]token=[0-9a-f]{16,}|Bearer [\w-]{20,}/i, "a Jupyter or bearer token");
    // eslint-disable-next-line no-control-regex -- looks for the escape character itself, raw or JSON-escaped
    assert.doesNotMatch(text, /\u001b\[|\\u001b/, "an ANSI escape code");
    assert.doesNotMatch(text, /"output_type": "error"|"name": "stderr"/, "an error output");
  });
}

test("cleaning strips outputs, execution counts and metadata noise; --check names what it finds", async () => {
  const dirty = join(dir, "dirty.ipynb");
  const source = JSON.parse(readFileSync(join(notebookDir, notebooks[0]!), "utf8"));
  const code = source.cells.find((c: { cell_type: string }) => c.cell_type === "code");
  code.execution_count = 3;
  const hidden = { source_hidden: true };
  code.metadata = {
    scrolled: true,
    tags: ["keep"],
    jupyter: hidden,
    execution: { "iopub.status.busy": "2026-01-01T00:00:00Z" },
  };
  code.outputs = [{ output_type: "stream", name: "stderr", text: ["\u001b[31mError\u001b[0m\n"] }];
  source.metadata.vscode = { interpreter: { hash: "abc" } };
  writeFileSync(dirty, JSON.stringify(source, null, 2));

  const check = await clean("--check", dirty);
  assert.equal(check.code, 1);
  assert.match(check.stderr, /dirty\.ipynb: outputs in 1 cell, execution counts in 1 cell/);

  const fixed = await clean(dirty);
  assert.equal(fixed.code, 0, fixed.stderr);
  const after = JSON.parse(readFileSync(dirty, "utf8"));
  const cleaned = after.cells.find((c: { cell_type: string }) => c.cell_type === "code");
  assert.deepEqual(
    [cleaned.outputs, cleaned.execution_count, cleaned.metadata],
    [[], null, { tags: ["keep"], jupyter: hidden }],
  );
  assert.deepEqual(Object.keys(after.metadata).sort(), ["kernelspec", "language_info"]);
  assert.equal((await clean("--check", dirty)).code, 0);

  // A clean notebook is left byte for byte as it is.
  const copy = join(dir, notebooks[0]!);
  copyFileSync(join(notebookDir, notebooks[0]!), copy);
  await clean(copy);
  assert.equal(readFileSync(copy, "utf8"), readFileSync(join(notebookDir, notebooks[0]!), "utf8"));
});
