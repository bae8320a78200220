import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { NotebookInputError, runNotebook, type Notebook } from "../../tools/notebook/runner.js";
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
  assert.deepEqual(
    result.cells.map((c) => [c.index, c.status]),
    [
      [1, "ok"],
      [2, "ok"],
      [3, "ok"],
      [4, "ok"],
      [5, "ok"],
    ],
  );
  assert.ok(result.cells.every((c) => Number.isInteger(c.ms) && c.ms >= 0));
  assert.equal(result.outputPath, join(outDir, "passing.ipynb"));

  const nb = readJson(result.outputPath);
  const [markdown, ...code] = nb.cells;
  assert.equal(markdown.outputs, undefined);
  assert.deepEqual(
    code.map((c) => c.execution_count),
    [1, 2, 3, 4, 5],
  );
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
  assert.deepEqual(
    result.cells.map((c) => [c.index, c.status]),
    [
      [0, "ok"],
      [1, "error"],
    ],
  );
  assert.equal(result.failedCell?.index, 1);
  assert.equal(result.failedCell?.source, 'throw new Error("boom from cell 2");');
  assert.match(result.failedCell?.errorText ?? "", /Error: boom from cell 2/);

  const third = readJson(join(outDir, "failing.ipynb")).cells[2];
  assert.equal(third.execution_count, null);
  assert.deepEqual(third.outputs, []);
  assert.equal(third.metadata.execution, undefined);
});

test("cell tags as nbclient reads them: raises-exception lets the run go on, skip-execution leaves the cell unrun", async () => {
  const outDir = tempDir();
  const result = await runNotebook(fixture("tags.ipynb"), { outDir });

  assert.equal(result.ok, true, result.failedCell?.errorText);
  assert.deepEqual(
    result.cells.map((c) => [c.index, c.status]),
    [
      [0, "ok"],
      [1, "expected-error"],
      [2, "skipped"],
      [3, "ok"],
    ],
  );
  const [, raised, skipped, last] = readJson(join(outDir, "tags.ipynb")).cells;
  assert.match(JSON.stringify(raised.outputs), /Error: expected from cell 2/);
  assert.equal(typeof raised.execution_count, "number");
  assert.deepEqual([skipped.outputs, skipped.execution_count, skipped.metadata.execution], [[], null, undefined]);
  assert.deepEqual(last.outputs, [{ output_type: "stream", name: "stdout", text: ["after\n"] }]);
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
  assert.deepEqual(
    result.cells.map((c) => c.status),
    ["timeout"],
  );
  assert.equal(result.failedCell?.index, 0);
  assert.match(result.failedCell?.errorText ?? "", /did not finish within 1000 ms/);
});

test("the CLI exits 0 on success, 1 on a failing cell, 2 on a notebook it cannot read, 64 on bad usage", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, "dist/tools/notebook/cli.js"), ...args], { encoding: "utf8" });

  const ok = cli(fixture("passing.ipynb"), "--out", tempDir());
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^cell 2 {2}ok {2}\d+ ms$/m);
  const outDir = tempDir();
  const equalsForm = cli(`--out=${outDir}`, fixture("passing.ipynb"));
  assert.equal(equalsForm.status, 0, equalsForm.stderr);
  assert.match(equalsForm.stdout, new RegExp(`^wrote ${outDir}/passing\\.ipynb$`, "m"));

  const failed = cli(fixture("failing.ipynb"));
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /cell 2 failed:\nthrow new Error\("boom from cell 2"\);[\s\S]*Error: boom from cell 2/);

  const usage = "\nusage: npm run notebook -- <file.ipynb> [--out <dir>] [--param NAME=value ...]\n";
  for (const [args, message] of [
    [[], "no notebook given"],
    [[fixture("passing.ipynb"), "--out"], "--out needs a value"],
    [[fixture("passing.ipynb"), "--out", "a", "--out=b"], "--out is given twice"],
    [[fixture("passing.ipynb"), "--verbose"], "unknown option --verbose (known: --out, --param, --help (-h))"],
    [[fixture("passing.ipynb"), "--out=x", "-v"], "unknown option -v (known: --out, --param, --help (-h))"],
    [
      [fixture("passing.ipynb"), fixture("failing.ipynb")],
      `one notebook at a time (got ${fixture("passing.ipynb")} and ${fixture("failing.ipynb")})`,
    ],
  ] as const) {
    const run = cli(...args);
    assert.equal(run.status, 64, args.join(" "));
    assert.equal(run.stderr, `error: ${message}${usage}`);
    assert.equal(run.stdout, "", "no cell ran");
  }
  const missing = cli(fixture("missing.ipynb"));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^error: cannot read notebook .*missing\.ipynb/);
  const notNotebook = cli(join(repoRoot, "package.json"));
  assert.equal(notNotebook.status, 2);
  assert.match(notNotebook.stderr, /is not an nbformat 4 notebook\n$/);
});

const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const SECRET = "s3cret-value-for-the-test";

test("parameters reach the kernel as variables, typed by notebookParams, and are recorded redacted", async () => {
  const outDir = tempDir();
  const params = { ORGANIZATION_ID: ORG, LIMIT: "41", VERBOSE: "yes", SERVICE_TOKEN: SECRET };
  const result = await runNotebook(fixture("params.ipynb"), { outDir, params });

  assert.equal(result.ok, true, result.failedCell?.errorText);
  const text = readFileSync(join(outDir, "params.ipynb"), "utf8");
  const nb = JSON.parse(text) as Notebook;
  assert.deepEqual(nb.cells[2].outputs, [
    {
      output_type: "stream",
      name: "stdout",
      text: [`organization ${ORG}, limit + 1 = 42, verbose true, token given true\n`],
    },
  ]);
  assert.deepEqual(nb.metadata.openlattice, {
    parameters: { LIMIT: "41", ORGANIZATION_ID: ORG, SERVICE_TOKEN: "[redacted]", VERBOSE: "yes" },
  });
  assert.ok(!text.includes(SECRET));

  // run again on the executed copy without parameters: the stale record goes, the missing one is reported
  const again = await runNotebook(join(outDir, "params.ipynb"), { outDir: join(outDir, "again") });
  assert.equal(again.ok, false);
  assert.equal(readJson(join(outDir, "again", "params.ipynb")).metadata.openlattice, undefined);
});

test("notebookParams fails its cell with each missing or invalid parameter and how to pass it", async () => {
  const result = await runNotebook(fixture("params.ipynb"), { params: { LIMIT: "many", SERVICE_TOKEN: SECRET } });

  assert.equal(result.ok, false);
  assert.equal(result.failedCell?.index, 1);
  const errorText = result.failedCell?.errorText ?? "";
  assert.match(
    errorText,
    /NotebookParameterError: notebook parameters are missing or invalid \(run with --param NAME=value, or set NAME in the environment\):/,
  );
  assert.match(
    errorText,
    /\n {2}ORGANIZATION_ID: missing; pass --param ORGANIZATION_ID=<value>\n {2}LIMIT: must be a number, got "many"; pass --param LIMIT=<number>/,
  );
  assert.ok(!errorText.includes(SECRET));
});

test("the CLI passes --param NAME=value and refuses a bad one with exit 64 before starting the kernel", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, "dist/tools/notebook/cli.js"), ...args], { encoding: "utf8" });
  const outDir = tempDir();

  const ok = cli(
    fixture("params.ipynb"),
    "--param",
    `ORGANIZATION_ID=${ORG}`,
    "--out",
    outDir,
    `--param=API_JWT=${SECRET}`,
  );
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(readJson(join(outDir, "params.ipynb")).metadata.openlattice, {
    parameters: { API_JWT: "[redacted]", ORGANIZATION_ID: ORG },
  });

  const usage = "usage: npm run notebook -- <file.ipynb> [--out <dir>] [--param NAME=value ...]\n";
  const bad: [string[], string][] = [
    [
      ["--param", "organization_id=1"],
      'error: parameter name "organization_id" must match /^[A-Z][A-Z0-9_]*$/ (capitals, digits and _, e.g. ORGANIZATION_ID)\n',
    ],
    [["--param", "1ST=1"], 'error: parameter name "1ST" must match'],
    [["--param", "LIMIT"], 'error: --param "LIMIT" must be NAME=value, e.g. --param ORGANIZATION_ID=<uuid>\n'],
    [["--param", "A=1", "--param", "A=2"], "error: --param A is given twice\n"],
    [["--param"], "error: --param needs a value NAME=value\n"],
  ];
  for (const [args, message] of bad) {
    const run = cli(fixture("params.ipynb"), ...args);
    assert.equal(run.status, 64, args.join(" "));
    assert.ok(run.stderr.startsWith(message) && run.stderr.endsWith(usage), run.stderr);
    assert.equal(run.stdout, "", "no cell ran");
  }
  const leaked = cli(fixture("params.ipynb"), "--param", `token=${SECRET}`);
  assert.equal(leaked.status, 64);
  assert.ok(!leaked.stderr.includes(SECRET));
});

test("runNotebook refuses a bad parameter name before starting the kernel", async () => {
  await assert.rejects(
    runNotebook(fixture("params.ipynb"), { params: { "bad-name": "1" } }),
    (e: unknown) =>
      e instanceof NotebookInputError &&
      e.message.startsWith('parameter name "bad-name" must match /^[A-Z][A-Z0-9_]*$/'),
  );
});
