import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { raw, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { repoRoot } from "../helpers/paths.js";

// `--latency <ms>`: every request waits that long before it is handled, side by side as on a network.

const LATENCY_MS = 300;
let sandbox: TestSandbox;

before(async () => {
  sandbox = await startTestSandbox({}, { args: ["--latency", String(LATENCY_MS)] });
});
after(() => sandbox?.stop());

const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
};

test("every request, answered or refused, waits the latency", async () => {
  const owner = sandbox.as("owner");
  const call = await timed(() => owner.organizations.getOrganizations());
  assert.ok(call.result.length > 0);
  assert.ok(call.ms >= LATENCY_MS - 1, `an authorized call took ${call.ms} ms`);
  const refused = await timed(() => raw(`${sandbox.url}/datastore/organizations`));
  assert.equal(refused.result.status, 401);
  assert.ok(refused.ms >= LATENCY_MS - 1, `a refused call took ${refused.ms} ms`);
});

test("concurrent requests wait side by side, not one after the other", async () => {
  const owner = sandbox.as("owner");
  const calls = await timed(() => Promise.all(Array.from({ length: 6 }, () => owner.organizations.getOrganizations())));
  assert.ok(calls.ms >= LATENCY_MS - 1, `took ${calls.ms} ms`);
  assert.ok(calls.ms < 3 * LATENCY_MS, `6 concurrent calls took ${calls.ms} ms: the delays were not side by side`);
});

test("--latency that is not a number of milliseconds from 0 to 60000 is refused, naming the value, and starts nothing", () => {
  for (const value of ["-1", "abc", "", "Infinity", "60001", "1e9"]) {
    const dataDir = join(mkdtempSync(join(tmpdir(), "ol-latency-")), "data");
    try {
      const run = spawnSync(
        process.execPath,
        [join(repoRoot, "dist/sandbox/main.js"), "--port", "0", "--data-dir", dataDir, `--latency=${value}`],
        {
          encoding: "utf8",
          timeout: 30_000,
        },
      );
      assert.equal(run.status, 64, `--latency ${JSON.stringify(value)}: ${run.stdout}${run.stderr}`);
      const message = `--latency must be a number of milliseconds from 0 to 60000, got ${JSON.stringify(value)}`;
      assert.ok(run.stderr.includes(message), run.stderr);
      assert.match(run.stderr, /usage: npm run sandbox/);
      assert.ok(!existsSync(dataDir), "a refused start made the data folder");
    } finally {
      rmSync(dirname(dataDir), { recursive: true, force: true });
    }
  }
});
