// The server's superuser password rotated between two starts: the sandbox, restarted with the new URL, brings the
// credential it stored in organizations' databases (postgres_fdw user mappings) up to date, and assembly works; a
// stale mapping is reported as postgres_fdw failing to connect, not as the database being away. Always on a
// throwaway cluster of its own (the password changes).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { defaultDatabaseName } from "../../sandbox/naming.js";
import { ServerError } from "../../lib/errors.js";
import { DATASETS } from "../../sandbox/seed/datasets.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { notebookRunner } from "../helpers/notebooks.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { ensurePostgresPackages, startCluster, type Cluster } from "./cluster.js";

let cluster: Cluster;
let sandbox: TestSandbox | undefined;
before(async () => {
  await ensurePostgresPackages();
  cluster = await startCluster();
});
after(async () => {
  await sandbox?.stop();
  await cluster?.stop();
});

const withPassword = (password: string) => {
  const url = new URL(cluster.url);
  url.password = password;
  return url.href;
};

/** The password of the superuser's postgres_fdw mapping in the sample organization's database. */
async function mappedPassword(): Promise<string | undefined> {
  const client = await sandbox!.superuser(defaultDatabaseName(SAMPLE_ORGANIZATION.id));
  try {
    const { rows } = await client.query<{ options: string[] }>(
      "SELECT umoptions AS options FROM pg_user_mappings WHERE srvname = 'platform' AND usename = current_user",
    );
    return rows[0]?.options.find((option) => option.startsWith("password="))?.slice("password=".length);
  } finally {
    await client.end();
  }
}

async function runAssemblyNotebook() {
  const notebooks = notebookRunner(sandbox!);
  try {
    const { out } = await notebooks.run("04-assembly.ipynb");
    assert.match(out, /demo_people/);
  } finally {
    notebooks.close();
  }
}

test("after the superuser's password changes, a restart with the new URL updates the stored mapping and assembly runs", async () => {
  sandbox = await startTestSandbox({ SANDBOX_DATABASE_URL: cluster.url });
  await runAssemblyNotebook();
  assert.equal(await mappedPassword(), cluster.password);
  await sandbox.stop({ keepData: true });

  const rotated = `rotated-${Date.now()}`;
  const admin = new pg.Client(cluster.url);
  await admin.connect();
  await admin.query(`ALTER ROLE postgres PASSWORD ${pg.escapeLiteral(rotated)}`);
  await admin.end();

  sandbox = await startTestSandbox({ SANDBOX_DATABASE_URL: withPassword(rotated) }, { dataDir: sandbox.dataDir });
  assert.equal(await mappedPassword(), rotated);
  await runAssemblyNotebook();
});

test("a refresh through a mapping whose password is stale is a 500 naming postgres_fdw and the refusal, not a 503", async () => {
  const owner = sandbox!.as("owner");
  const people = DATASETS.people.entitySetId;
  const client = await sandbox!.superuser(defaultDatabaseName(SAMPLE_ORGANIZATION.id));
  await client.query("ALTER USER MAPPING FOR CURRENT_USER SERVER platform OPTIONS (SET password 'stale-password')");
  await client.end();
  const types = Object.values(await owner.entitySets.getPropertyTypesOfEntitySet(people));
  const key = types.find((t) => t.type.name === "SubjectIdentification")!.id;
  await owner.data.createEntities(people, [{ [key]: [`STALE-${Date.now()}`] }]);
  await assert.rejects(owner.organizations.refreshDataChanges(SAMPLE_ORGANIZATION.id, people), (error: unknown) => {
    assert.ok(error instanceof ServerError, String(error));
    assert.equal(error.status, 500);
    assert.match(
      error.message,
      /could not read the platform's data through postgres_fdw \(.*password authentication failed for user "postgres"\); restart the sandbox/,
    );
    assert.ok(!error.message.includes("stale-password"));
    return true;
  });
});
