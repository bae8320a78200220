import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { halfMade } from "../faults/invariants.js";
import { describeLoad, runLoad } from "./mix.js";

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox?.stop();
});

test("32 concurrent clients for 10 s: no 5xx, no failed call, no lost update, nothing half-made", async () => {
  const result = await runLoad(sandbox, { durationMs: 10_000 });
  console.log(describeLoad(result));
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.lostUpdates, []);
  assert.ok(
    result.latency.member.count > 0 && result.latency["role grant"].count > 0 && result.latency.title.count > 0,
  );
  assert.deepEqual(await halfMade(sandbox), []);
});
