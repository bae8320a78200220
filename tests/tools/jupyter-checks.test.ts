// `npm start`'s Jupyter checks against search paths that hold fake commands: a `jupyter` without a subcommand,
// no `jupyter` at all, JupyterLab, as root with a recording apt-get, as a user who is not root, and without apt-get.
// The fakes run Debian's Python (/usr/bin/python3), whose modules the `notebooks` packages provide.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { inspectJupyter } from "../../tools/jupyter.js";
import { ensureSystemPackages, installCommands } from "../../tools/system-packages.js";
import { repoRoot } from "../helpers/paths.js";

const root = mkdtempSync(join(tmpdir(), "jupyter-checks-"));
chmodSync(root, 0o755); // the non-root run reads it
after(() => rmSync(root, { recursive: true, force: true }));
before(() => ensureSystemPackages(["notebooks"]), { timeout: 600_000 });

let dirs = 0;
/** A folder of fake commands: each a shell script that prints its name, or the given script body. */
function fakeCommands(commands: Record<string, string | true>): string {
  const dir = join(root, `bin${++dirs}`);
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  for (const [name, body] of Object.entries(commands)) {
    // `jupyter` names the Python that runs it in its #! line, as pip's and Debian's scripts do
    const shebang =
      name === "jupyter"
        ? "#!/usr/bin/python3\nimport sys; print(sys.argv)"
        : `#!/bin/sh\n${body === true ? `echo ${name}` : body}`;
    writeFileSync(join(dir, name), `${shebang}\n`, { mode: 0o755 });
  }
  return dir;
}

/** An apt-get that appends its arguments to `calls` and installs nothing. */
const recordingAptGet = (calls: string) => `echo "$@" >> ${calls}`;

test("a jupyter without `kernelspec`: that one command is missing, installed by jupyter-client or pip's jupyter_client", async () => {
  const dir = fakeCommands({ jupyter: true, "jupyter-notebook": true, "apt-get": true });
  const { jupyter, missing } = await inspectJupyter([dir]);
  assert.equal(jupyter, undefined);
  assert.deepEqual(
    missing.map((n) => n.what),
    ["jupyter kernelspec"],
  );
  const [apt, pip] = installCommands(missing, { path: [dir], python: "/usr/bin/python3" });
  assert.match(apt!, /apt-get install --no-install-recommends jupyter-client$/);
  assert.equal(pip, "/usr/bin/python3 -m pip install jupyter_client");
});

test("no jupyter at all: every command and module is missing, with the packages that provide them", async () => {
  const dir = fakeCommands({ "apt-get": true });
  const { missing } = await inspectJupyter([dir]);
  assert.deepEqual(
    missing.map((n) => n.what),
    ["jupyter", "jupyter notebook", "jupyter kernelspec", "Python module jupyter_client", "Python module IPython"],
  );
  const [apt, pip] = installCommands(missing, { path: [dir] });
  assert.match(
    apt!,
    /--no-install-recommends jupyter-core jupyter-notebook jupyter-client python3-jupyter-client python3-ipython$/,
  );
  assert.equal(pip, "python3 -m pip install jupyter_core notebook jupyter_client ipython");
});

test("JupyterLab is the front end when it is there, and it needs `kernelspec` as the Notebook does", async () => {
  const lacking = await inspectJupyter([fakeCommands({ jupyter: true, "jupyter-lab": true })]);
  assert.deepEqual(
    lacking.missing.map((n) => n.what),
    ["jupyter kernelspec"],
  );
  const complete = await inspectJupyter([
    fakeCommands({ jupyter: true, "jupyter-lab": true, "jupyter-kernelspec": true }),
  ]);
  assert.deepEqual(complete.missing, []);
  assert.equal(complete.jupyter?.app, "lab");
  assert.equal(complete.jupyter?.python, "/usr/bin/python3");
});

test("a complete classic Notebook needs nothing", async () => {
  const found = await inspectJupyter([
    fakeCommands({ jupyter: true, "jupyter-notebook": true, "jupyter-kernelspec": true }),
  ]);
  assert.deepEqual(found.missing, []);
  assert.equal(found.jupyter?.app, "notebook");
});

/** Runs start.js with `path` as PATH (and node's own folder), optionally as the `nobody` user; never waits for "ready". */
function runStart(path: string, options: { asNobody?: boolean } = {}) {
  const work = mkdtempSync(join(root, "run-"));
  chmodSync(work, 0o777);
  const [envFile, dataDir] = [join(work, ".env"), join(work, "data")];
  const args = [
    join(repoRoot, "dist", "tools", "start.js"),
    "--dotenv",
    envFile,
    "--data-dir",
    dataDir,
    "--no-browser",
  ];
  const command = options.asNobody ? "/usr/bin/setpriv" : process.execPath;
  const argv = options.asNobody
    ? ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, ...args]
    : args;
  const child = spawn(command, argv, { env: { PATH: path, HOME: work }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (output += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (output += s));
  return new Promise<{ code: number | null; output: string; envFile: string; dataDir: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, output, envFile, dataDir })),
  );
}

/** Nothing was started or written: no sandbox, no .env, no data folder. */
function assertNothingStarted(run: { output: string; envFile: string; dataDir: string }): void {
  assert.doesNotMatch(run.output, /starting the sandbox|starting Jupyter|created .*\.env/);
  assert.equal(existsSync(run.envFile), false, "the .env was written");
  assert.equal(existsSync(run.dataDir), false, "the sandbox's data folder was made");
}

test(
  "as root, npm start installs exactly the missing package with apt-get --no-install-recommends, and stops when it is still missing",
  { skip: process.getuid?.() !== 0 && "needs root" },
  async () => {
    const calls = join(root, "apt-calls");
    const dir = fakeCommands({ jupyter: true, "jupyter-notebook": true, "apt-get": recordingAptGet(calls) });
    const run = await runStart(dir);
    assert.equal(run.code, 1, run.output);
    assert.deepEqual(readFileSync(calls, "utf8").trim().split("\n"), [
      "update -q",
      "install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 jupyter-client",
    ]);
    assert.match(run.output, /installing jupyter-client with apt-get, for jupyter kernelspec/);
    assert.match(run.output, /still missing after apt-get install jupyter-client: jupyter kernelspec/);
    assertNothingStarted(run);
  },
);

test(
  "not root: npm start stops before starting anything and prints the apt and pip commands",
  { skip: process.getuid?.() !== 0 && "needs root to switch users" },
  async () => {
    const calls = join(root, "apt-calls-nobody");
    const dir = fakeCommands({ jupyter: true, "jupyter-notebook": true, "apt-get": recordingAptGet(calls) });
    const run = await runStart(dir, { asNobody: true });
    assert.equal(run.code, 1, run.output);
    assert.match(
      run.output,
      /missing: jupyter kernelspec\. Install with:\n.* {2}sudo apt-get install --no-install-recommends jupyter-client\n.* {2}or: \/usr\/bin\/python3 -m pip install jupyter_client/,
    );
    assert.equal(existsSync(calls), false, "apt-get was called");
    assertNothingStarted(run);
  },
);

test(
  "root without apt-get: npm start prints the pip command",
  { skip: process.getuid?.() !== 0 && "needs root" },
  async () => {
    const run = await runStart(fakeCommands({ jupyter: true, "jupyter-notebook": true }));
    assert.equal(run.code, 1, run.output);
    assert.match(
      run.output,
      /missing: jupyter kernelspec\. Install with:\n.* {2}\/usr\/bin\/python3 -m pip install jupyter_client/,
    );
    assert.doesNotMatch(run.output, /apt-get/);
    assertNothingStarted(run);
  },
);
