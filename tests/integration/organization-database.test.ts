import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { grantPermissions, revokePermissions } from "../../lib/api/acl-data.js";
import { PermissionError } from "../../lib/errors.js";
import { connectToOrganizationDatabase } from "../../lib/org-database.js";
import type { OrganizationExternalDatabaseTableColumnsPair } from "../../lib/schemas/index.js";
import { DATASETS } from "../../sandbox/seed/datasets.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { queryAsLogin, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// The organization-database API: tables found in the organization database's catalog, with ids that last, a
// bounded preview, and READ on [tableId, columnId] enforced by column-level GRANTs to the readers' logins.

const { member } = SEEDED_USERS;
let sandbox: TestSandbox;
let org: string;
let roleId: string;
const role = () => ({ type: "ROLE" as const, id: `${org}|Clinicians` });

/** Runs SQL on the organization's database as its integration account. */
async function asIntegration(sql: string) {
  const db = await connectToOrganizationDatabase(sandbox.as("owner"), org);
  try {
    return (await db.query(sql)).rows;
  } finally {
    await db.end();
  }
}

/** Runs SQL on the organization's database as the member's own login. */
async function asMember(sql: string) {
  return queryAsLogin(sandbox, "member", await sandbox.as("owner").organizations.getOrganizationDatabaseName(org), sql);
}

const visitsIn = (pairs: OrganizationExternalDatabaseTableColumnsPair[]) =>
  pairs.find((p) => p.table.schema === "staging" && p.table.name === "visits");

before(async () => {
  sandbox = await startTestSandbox();
  const owner = sandbox.as("owner").organizations;
  const name = `Tables${Date.now()}`;
  org = await owner.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
  await owner.addMember(org, member.user_id);
  roleId = await owner.createRole({ organizationId: org, title: "Clinicians", principal: role() });
  await owner.addRoleToUser(org, roleId, member.user_id);
  await asIntegration(`CREATE TABLE staging.visits (id integer PRIMARY KEY, person text, diagnosis text, clinic text);
    INSERT INTO staging.visits SELECT i, 'person ' || i, 'diagnosis ' || i, 'clinic ' || (i % 3) FROM generate_series(1, 30) i`);
});
after(async () => {
  await sandbox?.stop();
});

describe("tables and columns", () => {
  test("a table the integration account made appears, with its columns and types, under ids that last", async () => {
    const first = visitsIn(await sandbox.as("owner").datasets.getOrganizationDataSets(org));
    assert.ok(first, "staging.visits is listed");
    assert.deepEqual(
      first.columns.map((c) => [c.name, c.datatype, c.primaryKey, c.ordinalPosition]),
      [
        ["id", "integer", true, 1],
        ["person", "text", false, 2],
        ["diagnosis", "text", false, 3],
        ["clinic", "text", false, 4],
      ],
    );
    assert.ok(first.columns.every((c) => c.tableId === first.table.id && c.organizationId === org));
    const again = await sandbox.as("owner").datasets.getOrganizationDataSet(org, first.table.id);
    assert.deepEqual(again, first);
    const tables = await sandbox.as("owner").datasets.getOrganizationDataSets(org, { columns: false });
    assert.deepEqual(
      tables.find((t) => t.id === first.table.id),
      first.table,
    );
  });

  test("tables a member makes and materialized entity sets appear too", async () => {
    await asMember("CREATE TABLE staging.member_notes (note text)");
    const owner = sandbox.as("owner");
    assert.ok((await owner.datasets.getOrganizationDataSets(org)).some((p) => p.table.name === "member_notes"));
    await owner.organizations.assembleEntitySets(SAMPLE_ORGANIZATION.id, { [DATASETS.people.entitySetId]: null });
    const people = (await owner.datasets.getOrganizationDataSets(SAMPLE_ORGANIZATION.id)).find(
      (p) => p.table.schema === "openlattice" && p.table.name === "demo_people",
    );
    assert.ok(people?.columns.some((c) => c.name === "nc.PersonGivenName"));
    const data = await owner.datasets.getOrganizationDataSetData(SAMPLE_ORGANIZATION.id, people!.table.id, 3);
    assert.equal(data[people!.columns.find((c) => c.name === "nc.PersonGivenName")!.id]!.length, 3);
  });

  test("a member sees only the tables and columns they may READ", async () => {
    assert.equal(visitsIn(await sandbox.as("member").datasets.getOrganizationDataSets(org)), undefined);
    const table = visitsIn(await sandbox.as("owner").datasets.getOrganizationDataSets(org))!;
    await assert.rejects(sandbox.as("member").datasets.getOrganizationDataSet(org, table.table.id), PermissionError);
    await assert.rejects(sandbox.as("outsider").datasets.getOrganizationDataSets(org), PermissionError);
  });

  test("ids and permissions last across a restart", async () => {
    const before = visitsIn(await sandbox.as("owner").datasets.getOrganizationDataSets(org))!;
    await sandbox.stop({ keepData: true });
    sandbox = await startTestSandbox({}, { dataDir: sandbox.dataDir });
    assert.deepEqual(visitsIn(await sandbox.as("owner").datasets.getOrganizationDataSets(org)), before);
  });

  test("a dropped table leaves the listing and takes its permissions along", async () => {
    await asIntegration("CREATE TABLE staging.scratch (note text)");
    const scratch = (await sandbox.as("owner").datasets.getOrganizationDataSets(org)).find(
      (p) => p.table.name === "scratch",
    )!;
    assert.ok(scratch);
    await asIntegration("DROP TABLE staging.scratch");
    assert.equal(
      (await sandbox.as("owner").datasets.getOrganizationDataSets(org)).find((p) => p.table.name === "scratch"),
      undefined,
    );
    const control = await sandbox.superuser("openlattice");
    try {
      const { rowCount } = await control.query("SELECT 1 FROM aces WHERE acl_key[1] = $1", [scratch.table.id]);
      assert.equal(rowCount, 0);
    } finally {
      await control.end();
    }
  });
});

describe("READ on columns", () => {
  test("READ on a table and two columns: the preview shows those columns and SQL lets the member select exactly them", async () => {
    const owner = sandbox.as("owner");
    const { table, columns } = visitsIn(await owner.datasets.getOrganizationDataSets(org))!;
    const column = (name: string) => columns.find((c) => c.name === name)!.id;
    await assert.rejects(asMember("SELECT person FROM staging.visits"), /permission denied/);
    await assert.rejects(sandbox.as("member").datasets.getOrganizationDataSetData(org, table.id, 5), PermissionError);

    await owner.permissions.updateAcls([
      grantPermissions([table.id], role(), ["READ"]),
      grantPermissions([table.id, column("person")], role(), ["READ"]),
      grantPermissions([table.id, column("clinic")], role(), ["READ"]),
    ]);
    const seen = visitsIn(await sandbox.as("member").datasets.getOrganizationDataSets(org))!;
    assert.deepEqual(
      seen.columns.map((c) => c.name),
      ["person", "clinic"],
    );
    const data = await sandbox.as("member").datasets.getOrganizationDataSetData(org, table.id, 5);
    assert.deepEqual(Object.keys(data).sort(), [column("person"), column("clinic")].sort());
    assert.equal(data[column("person")]!.length, 5);
    assert.equal((await asMember("SELECT person, clinic FROM staging.visits")).length, 30);
    await assert.rejects(asMember("SELECT diagnosis FROM staging.visits"), /permission denied/);

    await owner.permissions.updateAcl(revokePermissions([table.id, column("clinic")], role(), ["READ"]));
    await assert.rejects(asMember("SELECT clinic FROM staging.visits"), /permission denied/);
    assert.equal((await asMember("SELECT person FROM staging.visits")).length, 30);
    await owner.permissions.updateAcls([
      revokePermissions([table.id], role(), ["READ"]),
      revokePermissions([table.id, column("person")], role(), ["READ"]),
    ]);
    await assert.rejects(asMember("SELECT person FROM staging.visits"), /permission denied/);
    // the integration account keeps reading everything
    assert.equal((await asIntegration("SELECT diagnosis FROM staging.visits")).length, 30);
  });

  test("READ on the table but on no column: the preview is refused, naming the table", async () => {
    const owner = sandbox.as("owner");
    const { table } = visitsIn(await owner.datasets.getOrganizationDataSets(org))!;
    await owner.permissions.updateAcl(grantPermissions([table.id], role(), ["READ"]));
    await assert.rejects(
      sandbox.as("member").datasets.getOrganizationDataSetData(org, table.id),
      (e: unknown) =>
        e instanceof PermissionError &&
        e.message === `Unable to read data from table ${table.id}. Missing READ permission on all columns.`,
    );
    await owner.permissions.updateAcl(revokePermissions([table.id], role(), ["READ"]));
  });
});
