// Every notebook of notebooks/ executed by Jupyter's own `jupyter nbconvert --execute`, through the tslab
// kernelspec registered as `npm start` registers it (absolute binary path), against a fresh sandbox.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensureJupyter, registerTslab, type Jupyter } from "../../tools/jupyter.js";
import { run } from "../../tools/processes.js";
import { ensureSystemPackages } from "../../tools/system-packages.js";
import { repoRoot } from "../helpers/paths.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

const notebookDir = join(repoRoot, "notebooks");
const notebooks = readdirSync(notebookDir)
  .filter((name) => name.endsWith(".ipynb"))
  .sort();

let jupyter: Jupyter;
let sandbox: TestSandbox;
const outDir = mkdtempSync(join(tmpdir(), "ol-nbconvert-"));

before(
  async () => {
    await ensureSystemPackages(["notebooks", "nbconvert"]);
    jupyter = await ensureJupyter(console.log);
    const warnings: string[] = [];
    await registerTslab(jupyter, repoRoot, (line) => warnings.push(line));
    assert.deepEqual(warnings, [], "Jupyter would start another tslab than this checkout's");
    sandbox = await startTestSandbox();
  },
  { timeout: 600_000 },
);

after(async () => {
  await sandbox?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

interface Cell {
  cell_type: string;
  metadata: { execution?: Record<string, string> };
  outputs?: { output_type: string; name?: string; text?: string | string[]; ename?: string }[];
}

test("there are notebooks to run", () => assert.ok(notebooks.length > 0));

for (const name of notebooks) {
  test(`${name} runs with jupyter nbconvert --execute: every cell, no error output`, { timeout: 240_000 }, async () => {
    const token = sandbox.token("owner");
    const env = {
      ...process.env,
      OPENLATTICE_BASE_URL: sandbox.url,
      OPENLATTICE_JWT: token,
      JUPYTER_RUNTIME_DIR: join(outDir, "runtime"),
    };
    const args = [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      `--output-dir=${outDir}`,
      "--ExecutePreprocessor.timeout=180",
      join(notebookDir, name),
    ];
    const r = await run(jupyter.jupyter, args, { env });
    assert.equal(r.code, 0, `jupyter nbconvert failed (${r.code ?? r.signal}):\n${r.stderr.trim()}`);

    const executed = readFileSync(join(outDir, name), "utf8");
    const notebook = JSON.parse(executed) as { metadata: { kernelspec: { name: string } }; cells: Cell[] };
    assert.equal(notebook.metadata.kernelspec.name, "tslab");
    const code = notebook.cells.filter((c) => c.cell_type === "code");
    code.forEach((cell, i) => {
      // tslab sends no execute_input, so nbclient leaves execution_count null; the reply's timing shows the cell ran.
      assert.ok(cell.metadata.execution?.["shell.execute_reply"], `code cell ${i + 1} did not run`);
      const bad = (cell.outputs ?? []).filter((o) => o.output_type === "error" || o.name === "stderr");
      const text = bad.map((o) => o.ename ?? [o.text ?? ""].flat().join("")).join("\n");
      assert.equal(bad.length, 0, `code cell ${i + 1} has error output:\n${text}`);
    });
    assert.ok(!executed.includes(token), "the token is in the executed notebook");
  });
}
