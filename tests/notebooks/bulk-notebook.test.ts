import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { count, startNotebookSandbox, type NotebookRunner } from "../helpers/notebooks.js";
import type { TestSandbox } from "../helpers/sandbox.js";

let sandbox: TestSandbox;
let notebooks: NotebookRunner;
let stop: () => Promise<void>;
before(async () => ({ sandbox, notebooks, stop } = await startNotebookSandbox()));
after(() => stop?.());

test("05-bulk-membership runs top to bottom, twice: dry run, run with progress, rerun with nothing to do, cleaned up", async () => {
  const { organizations } = sandbox.as("owner");
  const organizationsBefore = await organizations.getOrganizations();
  for (let round = 0; round < 2; round++) {
    const { executed, out } = await notebooks.run("05-bulk-membership.ipynb");
    const has = (text: string) => assert.ok(out.includes(text), `not in the outputs: ${text}\n${out}`);
    has("22 rows from data/analysts.csv\n");
    assert.match(out, /\n\s*2 +maya\.okafor@example\.org +Analyst\n/);
    assert.match(
      out,
      /\n3 roles\n.*\nAnalyst +Analysts of the bulk tutorial .*\nReader +Readers of the bulk tutorial /s,
    );
    // the dry run: 20 members and 25 roles planned; Maya's second row a duplicate; two failures
    has("dry run: { done: 0, skipped: 1, failed: 2, planned: 45 }\n");
    assert.match(out, /\n\s*22 +Maya\.Okafor@example\.org +add member +skipped +duplicate of line 2\n/);
    assert.match(out, /\n\s*22 +Maya\.Okafor@example\.org +add role Reader +planned\n/);
    assert.match(
      out,
      /\n\s*19 +pgonzalez@rivercounty\.example +add role "Auditor" +failed +no role of the organization has this title\n/,
    );
    assert.match(out, /\n\s*23 +dana\.unknown@example\.org +find user +failed +no user has this e-mail\n/);
    has("members after the dry run: 1 (nothing changed)\n");
    // the run: its progress bar ends full, then the table
    has(`[${"#".repeat(30)}] 45/45 changes · 45 done · 0 failed\n`);
    has("run: { done: 45, skipped: 1, failed: 2, planned: 0 }\n");
    assert.equal(count(out, /\n\d+ +\S+ +add (member|role \w+) +done(?=\n)/), 45);
    assert.match(out, /21 members\n/);
    // the rerun: nothing to do; the same two failures
    has(`[${"#".repeat(30)}] 0/0 changes · 0 done · 0 failed\n`);
    has("rerun: { done: 0, skipped: 46, failed: 2, planned: 0 }\n");
    await notebooks.assertNoSecrets(executed);
    assert.deepEqual(await organizations.getOrganizations(), organizationsBefore);
  }
});
