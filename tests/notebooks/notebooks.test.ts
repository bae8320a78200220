import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/seed.js";
import { repoRoot } from "../helpers/paths.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { runNotebook } from "../../tools/notebook/runner.js";

let sandbox: TestSandbox;
let outDir: string;

before(async () => {
  sandbox = await startTestSandbox();
  outDir = mkdtempSync(join(tmpdir(), "ol-notebooks-"));
});
after(async () => {
  await sandbox?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

/** Runs a notebook of notebooks/ in the tslab kernel against the test sandbox, as the owner. */
async function run(name: string) {
  const env = { OPENLATTICE_BASE_URL: sandbox.url, OPENLATTICE_JWT: sandbox.token("owner") };
  const result = await runNotebook(join(repoRoot, "notebooks", name), { outDir, env });
  assert.ok(result.ok, `${name} failed at cell ${result.failedCell?.index}:\n${result.failedCell?.source}\n${result.failedCell?.errorText}`);
  const executed = readFileSync(join(outDir, name), "utf8");
  const outputs = JSON.parse(executed).cells.flatMap((cell: { outputs?: unknown[] }) => cell.outputs ?? []);
  return { executed, text: JSON.stringify(outputs) };
}

/** No executed output holds the token, any JWT-looking string, or an integration credential. */
async function assertNoSecrets(executed: string) {
  assert.ok(!executed.includes(sandbox.token("owner")), "token in the executed notebook");
  assert.doesNotMatch(executed, /eyJ[\w-]{10,}\.eyJ[\w-]{10,}/, "a JWT in the executed notebook");
  const account = await sandbox.as("owner").organizations.getOrganizationIntegrationAccount(SAMPLE_ORGANIZATION.id);
  assert.ok(!executed.includes(account.credential), "integration credential in the executed notebook");
}

test("00-configuration runs top to bottom and shows who you are without the token", async () => {
  const { executed, text } = await run("00-configuration.ipynb");
  assert.match(text, /accessToken: '\[redacted\]'/);
  assert.match(text, /Signed in as jordan\.lee@example\.org/);
  assert.match(text, /The token expires on \d{4}-/);
  assert.match(text, /OpenLattice Sample Organization/);
  assert.match(text, /organizationId must be a UUID/);
  await assertNoSecrets(executed);
});

test("01-organizations runs top to bottom, twice, and leaves the platform as it found it", async () => {
  const api = sandbox.as("owner").organizations;
  const organizationsBefore = await api.getOrganizations();
  for (let round = 0; round < 2; round++) {
    const { executed, text } = await run("01-organizations.ipynb");
    assert.match(text, /org_db_test_renamed/);
    assert.match(text, /Tutorial organization \(renamed\)/);
    assert.match(text, /credential: 29 characters \(not shown\)/);
    assert.match(text, /as before: true/);
    await assertNoSecrets(executed);
  }
  assert.deepEqual(await api.getOrganizations(), organizationsBefore);
  assert.equal(await api.getOrganizationDatabaseName(SAMPLE_ORGANIZATION.id), `org_${SAMPLE_ORGANIZATION.id.replaceAll("-", "")}`);
});
