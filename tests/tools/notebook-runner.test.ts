import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runNotebook, type Notebook } from "../../tools/notebook/runner.js";
import { repoRoot } from "../helpers/paths.js";

const fixture = (name: string): string => join(repoRoot, "tests/fixtures/notebooks", name);
const tempDirs: string[] = [];
const tempDir = (): string => {
  tempDirs.push(mkdtempSync(join(tmpdir(), "notebook-runner-")));
  return tempDirs[tempDirs.length - 1];
};
after(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const readJson = (path: string): Notebook => JSON.parse(readFileSync(path, "utf8")) as Notebook;

test("a passing notebook records every output kind and is written under outDir", async () => {
  const outDir = join(tempDir(), "out");
  const result = await runNotebook(fixture("passing.ipynb"), { outDir, env: { NOTEBOOK_GREETING: "hello env" } });

  assert.equal(result.ok, true);
  assert.equal(result.failedCell, undefined);
  assert.deepEqual(result.cells.map((c) => [c.index, c.status]), [[1, "ok"], [2, "ok"], [3, "ok"], [4, "ok"], [5, "ok"]]);
  assert.ok(result.cells.every((c) => Number.isInteger(c.ms) && c.ms >= 0));
  assert.equal(result.outputPath, join(outDir, "passing.ipynb"));

  const nb = readJson(result.outputPath);
  const [markdown, ...code] = nb.cells;
  assert.equal(markdown.outputs, undefined);
  assert.deepEqual(code.map((c) => c.execution_count), [1, 2, 3, 4, 5]);
  assert.deepEqual(
    code.map((c) => c.outputs),
    [
      // top-level await, console.log, and the last expression (printed by tslab) in one merged stream; stale output gone
      [{ output_type: "stream", name: "stdout", text: ["hello from the notebook\n", "42\n"] }],
      [{ output_type: "display_data", data: { "text/html": ["<b>bold</b>"] }, metadata: {} }],
      // the display was updated in place: one output holding the last value
      [{ output_type: "display_data", data: { "text/plain": ["step 2 of 2"] }, metadata: {} }],
      [{ output_type: "stream", name: "stdout", text: ["greeting: hello env\n"] }],
      // the project's ESM build (zod inside) loaded through tslab's CommonJS output
      [{ output_type: "stream", name: "stdout", text: ["message: m\n"] }],
    ],
  );
  for (const cell of code) {
    const timing = cell.metadata.execution as Record<string, string>;
    assert.ok(Date.parse(timing["shell.execute_reply"]) >= Date.parse(timing["iopub.execute_input"]));
  }
  assert.match(readFileSync(result.outputPath, "utf8"), /^\{\n "cells": \[\n[\s\S]*\}\n$/);
});

test("a throwing cell stops the run; later cells stay unexecuted", async () => {
  const outDir = tempDir();
  const result = await runNotebook(fixture("failing.ipynb"), { outDir });

  assert.equal(result.ok, false);
  assert.deepEqual(result.cells.map((c) => [c.index, c.status]), [[0, "ok"], [1, "error"]]);
  assert.equal(result.failedCell?.index, 1);
  assert.equal(result.failedCell?.source, 'throw new Error("boom from cell 2");');
  assert.match(result.failedCell?.errorText ?? "", /Error: boom from cell 2/);

  const third = readJson(join(outDir, "failing.ipynb")).cells[2];
  assert.equal(third.execution_count, null);
  assert.deepEqual(third.outputs, []);
  assert.equal(third.metadata.execution, undefined);
});

test("a TypeScript type error is a failing cell", async () => {
  const result = await runNotebook(fixture("compile-error.ipynb"));

  assert.equal(result.ok, false);
  assert.equal(result.outputPath, undefined);
  assert.equal(result.failedCell?.index, 0);
  assert.match(result.failedCell?.errorText ?? "", /Type 'string' is not assignable to type 'number'/);
});

test("a hanging cell is stopped after the cell timeout and reported", async () => {
  const result = await runNotebook(fixture("hanging.ipynb"), { cellTimeoutMs: 1000 });

  assert.equal(result.ok, false);
  assert.deepEqual(result.cells.map((c) => c.status), ["timeout"]);
  assert.equal(result.failedCell?.index, 0);
  assert.match(result.failedCell?.errorText ?? "", /did not finish within 1000 ms/);
});

test("the CLI exits 0 on success, 1 on a failing cell, 2 on bad usage or input", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, "dist/tools/notebook/cli.js"), ...args], { encoding: "utf8" });

  const ok = cli(fixture("passing.ipynb"), "--out", tempDir());
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^cell 2 {2}ok {2}\d+ ms$/m);

  const failed = cli(fixture("failing.ipynb"));
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /cell 2 failed:\nthrow new Error\("boom from cell 2"\);[\s\S]*Error: boom from cell 2/);

  assert.equal(cli().status, 2);
  assert.equal(cli(fixture("passing.ipynb"), "--out").status, 2);
  assert.equal(cli(fixture("passing.ipynb"), "--verbose").status, 2);
  const missing = cli(fixture("missing.ipynb"));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^error: cannot read notebook .*missing\.ipynb/);
  const notNotebook = cli(join(repoRoot, "package.json"));
  assert.equal(notNotebook.status, 2);
  assert.match(notNotebook.stderr, /is not an nbformat 4 notebook\n$/);
});
