// `npm start` for real: dist/tools/start.js with a temp .env and data folder, free ports, then Ctrl-C.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parse } from "dotenv";
import { ensureSystemPackages } from "../../tools/system-packages.js";
import { freePort, processesMentioning, StartRuns, type RunningStart } from "../helpers/start-stack.js";

const runs = new StartRuns();
const { dir, dataDir, jupyterToken } = runs;

after(() => runs.cleanup());

// Jupyter is installed the way `npm start` installs it (apt-get as root); elsewhere the test fails naming the command.
before(() => ensureSystemPackages(["notebooks"]), { timeout: 600_000 });

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

async function organizations(port: number, jwt: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/datastore/organizations`, {
    headers: { Authorization: `Bearer ${jwt}` },
  });
  assert.equal(res.status, 200);
  return res.json();
}

async function kernelNames(port: number): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${port}/api/kernelspecs?token=${jupyterToken}`);
  assert.equal(res.status, 200);
  return Object.keys(((await res.json()) as { kernelspecs: object }).kernelspecs);
}

/** Stops the run and checks that nothing it started is left. */
async function stopAndCheck(run: RunningStart, ports: number[]) {
  assert.equal(await run.stop(), 0, run.output());
  for (const port of ports)
    assert.equal(await answers(`http://127.0.0.1:${port}/`), false, `port ${port} still answers`);
  assert.deepEqual(processesMentioning(dataDir), [], "processes left for the data folder");
}

let jwt = "";

test(
  "creates .env with a sandbox token, serves the sandbox and Jupyter, and Ctrl-C stops both",
  { timeout: 60_000 },
  async () => {
    const envFile = join(dir, "new.env");
    const [port, jupyterPort] = [await freePort(), await freePort()];
    const run = await runs.start(
      ["--dotenv", envFile, "--data-dir", dataDir, "--jupyter-port", String(jupyterPort)],
      runs.env({ OPENLATTICE_BASE_URL: `http://127.0.0.1:${port}` }),
    );

    const values = parse(readFileSync(envFile));
    jwt = values.OPENLATTICE_JWT ?? "";
    assert.match(jwt, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(values.OPENLATTICE_BASE_URL, "http://localhost:8080"); // the rest comes from .env.example
    assert.ok(!run.output().includes(jwt), "the JWT was printed");

    assert.ok(Array.isArray(await organizations(port, jwt)));
    assert.ok((await kernelNames(jupyterPort)).includes("tslab"));
    await stopAndCheck(run, [port, jupyterPort]);
  },
);

test("leaves an existing .env as it is and reads the base URL from it", { timeout: 60_000 }, async () => {
  assert.ok(jwt, "needs the token from the previous test");
  const [port, jupyterPort] = [await freePort(), await freePort()];
  const envFile = join(dir, "existing.env");
  const text = `# my settings\nOPENLATTICE_BASE_URL=http://127.0.0.1:${port}\nOPENLATTICE_JWT=${jwt}\n`;
  writeFileSync(envFile, text);

  const run = await runs.start(
    ["--dotenv", envFile, "--data-dir", dataDir, "--jupyter-port", String(jupyterPort)],
    runs.env({}),
  );
  assert.ok(Array.isArray(await organizations(port, jwt)));
  assert.ok((await kernelNames(jupyterPort)).includes("tslab"));
  await stopAndCheck(run, [port, jupyterPort]);
  assert.equal(readFileSync(envFile, "utf8"), text);
});
