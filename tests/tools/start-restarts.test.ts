// `npm start` with its sandbox SIGKILLed (a crash): it is started again on the same port while Jupyter keeps
// running, and a notebook kernel's next call succeeds.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "dotenv";
import { Kernel, type Message } from "../../tools/notebook/kernel.js";
import { repoRoot } from "../helpers/paths.js";
import { ensureSystemPackages } from "../../tools/system-packages.js";
import { freePort, processesMentioning, StartRuns } from "../helpers/start-stack.js";

const runs = new StartRuns();
after(() => runs.cleanup());
before(() => ensureSystemPackages(["notebooks"]), { timeout: 600_000 });

/** Runs code in the kernel; what it printed, or the error it raised. */
async function execute(kernel: Kernel, code: string): Promise<string> {
  let printed = "";
  const collect = (msg: Message) => {
    if (msg.header.msg_type === "stream") printed += String(msg.content.text);
    if (msg.header.msg_type === "error") printed += `${String(msg.content.ename)}: ${String(msg.content.evalue)}`;
  };
  const reply = await kernel.execute(code, collect, 60_000);
  assert.equal(reply.content.status, "ok", printed);
  return printed;
}

/** Waits up to `ms` for start.js's output to match `pattern`. */
async function untilPrinted(output: () => string, pattern: RegExp, ms: number) {
  for (const deadline = Date.now() + ms; !pattern.test(output()); await sleep(100)) {
    assert.ok(Date.now() < deadline, `not printed within ${ms / 1000} s: ${pattern}\n${output()}`);
  }
}

test(
  "a sandbox killed under npm start comes back on the same port, and the notebook's next call succeeds",
  { timeout: 180_000 },
  async () => {
    const [port, jupyterPort] = [await freePort(), await freePort()];
    const envFile = join(runs.dir, "restart.env");
    const run = await runs.start(
      ["--dotenv", envFile, "--data-dir", runs.dataDir, "--jupyter-port", String(jupyterPort)],
      runs.env({ OPENLATTICE_BASE_URL: `http://127.0.0.1:${port}` }),
    );
    const jwt = parse(readFileSync(envFile)).OPENLATTICE_JWT!;
    const kernel = await Kernel.start({
      cwd: join(repoRoot, "notebooks"),
      env: { ...process.env, OPENLATTICE_BASE_URL: `http://127.0.0.1:${port}`, OPENLATTICE_JWT: jwt },
    });
    try {
      const first = await execute(
        kernel,
        `import { connect } from "../dist/lib/index.js";
const ol = connect();
console.log("organizations:", (await ol.organizations.getOrganizations()).length);`,
      );
      assert.match(first, /^organizations: [1-9]\d*\n$/);

      const sandboxPid = Number(readFileSync(join(runs.dataDir, "sandbox.pid"), "utf8"));
      const killedAt = Date.now();
      process.kill(sandboxPid, "SIGKILL");
      await untilPrinted(
        run.output,
        /\[start\] sandbox exited unexpectedly \(signal SIGKILL\); restarting it in 1 s \(attempt 1 of 5\)/,
        10_000,
      );
      await untilPrinted(run.output, /\[start\] sandbox is back/, 90_000);
      console.log(`the sandbox served again ${Date.now() - killedAt} ms after it was killed`);
      assert.equal(
        run.output().match(new RegExp(`sandbox ready on http://127\\.0\\.0\\.1:${port};`, "g"))?.length,
        2,
        "ready twice, on the same port",
      );

      const next = await execute(
        kernel,
        `console.log("organizations again:", (await ol.organizations.getOrganizations()).length);`,
      );
      assert.equal(next, first.replace("organizations:", "organizations again:"));
      const kernelspecs = await fetch(`http://127.0.0.1:${jupyterPort}/api/kernelspecs?token=${runs.jupyterToken}`);
      assert.equal(kernelspecs.status, 200, "Jupyter kept running");
      assert.doesNotMatch(run.output(), /stopping/);
    } finally {
      await kernel.shutdown();
    }

    // Ctrl-C still stops everything, the restarted sandbox and its PostgreSQL included.
    assert.equal(await run.stop(), 0, run.output());
    assert.deepEqual(processesMentioning(runs.dataDir), [], "processes left for the data folder");
  },
);
