import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { grantPermissions, revokePermissions } from "../../lib/api/acl-data.js";
import { BadRequestError, PermissionError, ServerError } from "../../lib/errors.js";
import { connectToOrganizationDatabase } from "../../lib/org-database.js";
import type { OpenLattice } from "../../lib/connect.js";
import { roleGroup } from "../../sandbox/naming.js";
import { DATASETS } from "../../sandbox/seed/datasets.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { queryAsLogin, raw, startTestSandbox, TEST_DATABASE_URL, type TestSandbox } from "../helpers/sandbox.js";

let sandbox: TestSandbox;
let owner: OpenLattice;
const PEOPLE = DATASETS.people.entitySetId;
const INCIDENTS = DATASETS.incidents.entitySetId;

before(async () => {
  sandbox = await startTestSandbox({ SANDBOX_REFRESH_CHECK_MS: "200" });
  owner = sandbox.as("owner");
});
after(async () => {
  await sandbox?.stop();
});

/** A new organization of the owner's whose principal may materialize demo_people and all its properties. */
async function materializingOrganization() {
  const name = `Assembly${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const id = await owner.organizations.createOrganizationIfNotExists({
    title: name,
    principal: { type: "ORGANIZATION", id: name },
  });
  const principal = { type: "ORGANIZATION" as const, id: name };
  const properties = Object.keys(await owner.entitySets.getPropertyTypesOfEntitySet(PEOPLE));
  await owner.permissions.updateAcls(
    [[PEOPLE], ...properties.map((p) => [PEOPLE, p])].map((key) => grantPermissions(key, principal, ["MATERIALIZE"])),
  );
  return { id, name, principal };
}

/** Runs one query in the organization's database as its integration login. */
async function query<T extends pg.QueryResultRow>(orgId: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const db = await connectToOrganizationDatabase(owner, orgId);
  try {
    return (await db.query<T>(sql, values)).rows;
  } finally {
    await db.end();
  }
}

const countPeople = async (orgId: string) =>
  Number((await query<{ n: string }>(orgId, "SELECT count(*) AS n FROM openlattice.demo_people"))[0]!.n);
const columnsOf = async (orgId: string) =>
  (
    await query<{ name: string }>(
      orgId,
      "SELECT attname AS name FROM pg_attribute WHERE attrelid = 'openlattice.demo_people'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
    )
  ).map((r) => r.name);

async function flagsOf(orgId: string) {
  return (await owner.organizations.getOrganizationEntitySets(orgId))[PEOPLE];
}

async function newPeople(n: number) {
  const types = Object.values(await owner.entitySets.getPropertyTypesOfEntitySet(PEOPLE));
  const id = types.find((t) => t.type.name === "SubjectIdentification")!.id;
  const given = types.find((t) => t.type.name === "PersonGivenName")!.id;
  return owner.data.createEntities(
    PEOPLE,
    Array.from({ length: n }, (_, i) => ({ [id]: [`NEW-${Date.now()}-${i}`], [given]: ["Newcomer"] })),
  );
}

describe("assemble", () => {
  test("materializes every entity and a typed column per property type, named by full qualified name", async () => {
    const { id } = await materializingOrganization();
    assert.deepEqual(await flagsOf(id), ["EXTERNAL"]);
    const answer = await owner.organizations.assembleEntitySets(id, { [PEOPLE]: null });
    assert.deepEqual(answer, { [PEOPLE]: ["MATERIALIZED"] });
    assert.deepEqual(await flagsOf(id), ["EXTERNAL", "MATERIALIZED"]);
    // Only the flags asked for, as the real server answers.
    assert.deepEqual(await owner.organizations.getFlaggedOrganizationEntitySets(id, ["MATERIALIZED"]), {
      [PEOPLE]: ["MATERIALIZED"],
    });
    assert.deepEqual(
      await owner.organizations.getFlaggedOrganizationEntitySets(id, ["EXTERNAL", "MATERIALIZED", "INTERNAL"]),
      { [PEOPLE]: ["EXTERNAL", "MATERIALIZED"] },
    );
    const fqns = DATASETS.people.properties.map(([ns, name]) => `${ns}.${name}`);
    assert.deepEqual(await columnsOf(id), ["entity_set_id", "id", ...fqns]);
    const control = await sandbox.superuser("openlattice");
    try {
      const expected = await control.query<{ n: string }>(
        "SELECT count(*) AS n FROM entities WHERE entity_set_id = $1",
        [PEOPLE],
      );
      assert.equal(await countPeople(id), Number(expected.rows[0]!.n));
      const sample = await control.query<{ id: string; properties: Record<string, unknown[]> }>(
        "SELECT id, properties FROM entities WHERE entity_set_id = $1 LIMIT 1",
        [PEOPLE],
      );
      const [row] = await query<Record<string, unknown>>(id, "SELECT * FROM openlattice.demo_people WHERE id = $1", [
        sample.rows[0]!.id,
      ]);
      const types = await owner.entitySets.getPropertyTypesOfEntitySet(PEOPLE);
      for (const [ptId, values] of Object.entries(sample.rows[0]!.properties)) {
        const type = types[ptId]!;
        const got = row![`${type.type.namespace}.${type.type.name}`];
        const shown = got instanceof Date ? got.toISOString().slice(0, 10) : got;
        assert.equal(shown, type.datatype === "Date" ? shown : values[0]);
      }
      assert.equal(typeof row!["ol.household_size"], "number");
    } finally {
      await control.end();
    }
  });

  test("an entity set the organization may not materialize is 401 naming it, and nothing is made", async () => {
    const { id, name } = await materializingOrganization();
    await assert.rejects(
      owner.organizations.assembleEntitySets(id, { [PEOPLE]: null, [INCIDENTS]: null }),
      (e: unknown) => {
        assert.ok(e instanceof PermissionError);
        assert.equal(e.message, `EntitySet [${INCIDENTS}] is not accessible by organization principal ${name} .`);
        return true;
      },
    );
    assert.deepEqual(await query(id, "SELECT matviewname FROM pg_matviews WHERE schemaname = 'openlattice'"), []);
    assert.deepEqual(await flagsOf(id), ["EXTERNAL"]);
  });

  test("unknown entity sets, refresh or synchronize of one not materialized, and bad refresh rates are refused", async () => {
    const { id } = await materializingOrganization();
    const unknown = "00000000-0000-4000-8000-00000000000a";
    await assert.rejects(owner.organizations.assembleEntitySets(id, { [unknown]: null }), /does not exist/);
    for (const call of [
      () => owner.organizations.refreshDataChanges(id, PEOPLE),
      () => owner.organizations.synchronizeEdmChanges(id, PEOPLE),
    ]) {
      await assert.rejects(call(), (e: unknown) => {
        assert.ok(e instanceof ServerError);
        assert.equal(e.errorType, "illegalState");
        assert.equal(e.message, `Entity set ${PEOPLE} is not materialized for organization ${id}`);
        return true;
      });
    }
    const rate = await raw(`${sandbox.url}/datastore/organizations/${id}/entity-sets/assemble`, {
      method: "POST",
      token: sandbox.token("owner"),
      body: JSON.stringify({ [PEOPLE]: 0 }),
      contentType: "application/json",
    });
    assert.equal(rate.status, 400);
    assert.match(rate.json.errors![0]!.message, /Minimum refresh rate is 1 minute\./);
    await assert.rejects(
      sandbox.as("member").organizations.assembleEntitySets(id, { [PEOPLE]: null }),
      PermissionError,
    );
  });
});

describe("flags, refresh and synchronize", () => {
  test("a data write raises DATA_UNSYNCHRONIZED; refresh brings the rows and clears it; then refresh is a no-op", async () => {
    const { id } = await materializingOrganization();
    await owner.organizations.assembleEntitySets(id, { [PEOPLE]: null });
    const before = await countPeople(id);
    const ids = await newPeople(3);
    assert.equal(ids.length, 3);
    assert.deepEqual(await flagsOf(id), ["EXTERNAL", "MATERIALIZED", "DATA_UNSYNCHRONIZED"]);
    assert.equal(await countPeople(id), before);
    await owner.organizations.refreshDataChanges(id, PEOPLE);
    assert.equal(await countPeople(id), before + 3);
    assert.deepEqual(await flagsOf(id), ["EXTERNAL", "MATERIALIZED"]);
    await owner.organizations.refreshDataChanges(id, PEOPLE);
    await owner.organizations.synchronizeEdmChanges(id, PEOPLE);
    assert.equal(await countPeople(id), before + 3);
  });

  test("a data-model change raises EDM_UNSYNCHRONIZED, blocks refresh; synchronize brings the new column and clears both", async () => {
    const { id, principal } = await materializingOrganization();
    await owner.organizations.assembleEntitySets(id, { [PEOPLE]: null });
    const other = await materializingOrganization();
    await owner.organizations.assembleEntitySets(other.id, { [PEOPLE]: null });
    const status = await owner.edm.getPropertyTypeId("ol", "status");
    await owner.edm.addPropertyTypeToEntityType(DATASETS.people.entityTypeId, status);
    await newPeople(1);
    assert.deepEqual(await flagsOf(id), ["EXTERNAL", "MATERIALIZED", "EDM_UNSYNCHRONIZED", "DATA_UNSYNCHRONIZED"]);
    const before = await countPeople(id);
    await owner.organizations.refreshDataChanges(id, PEOPLE);
    assert.equal(await countPeople(id), before, "refresh waits for the data-model change");
    await owner.permissions.updateAcl(grantPermissions([PEOPLE, status], principal, ["MATERIALIZE"]));
    await owner.organizations.synchronizeEdmChanges(id, PEOPLE);
    assert.ok((await columnsOf(id)).includes("ol.status"));
    assert.equal(await countPeople(id), before + 1);
    assert.deepEqual(await flagsOf(id), ["EXTERNAL", "MATERIALIZED"]);
    // The other organization may not materialize the new column: synchronizing it leaves the column out.
    await owner.organizations.synchronizeEdmChanges(other.id, PEOPLE);
    assert.ok(!(await columnsOf(other.id)).includes("ol.status"));
    // Re-assembling clears every flag.
    await newPeople(1);
    await owner.organizations.assembleEntitySets(other.id, { [PEOPLE]: 5 });
    assert.deepEqual(await flagsOf(other.id), ["EXTERNAL", "MATERIALIZED"]);
  });

  test("with a refresh rate, data changes are refreshed on schedule", async () => {
    const { id } = await materializingOrganization();
    await owner.organizations.assembleEntitySets(id, { [PEOPLE]: 1 });
    const before = await countPeople(id);
    await newPeople(2);
    const control = await sandbox.superuser("openlattice");
    try {
      await control.query(
        "UPDATE materialized_entity_sets SET last_refresh = now() - interval '2 minutes' WHERE organization_id = $1",
        [id],
      );
    } finally {
      await control.end();
    }
    for (let i = 0; i < 50 && (await flagsOf(id))!.includes("DATA_UNSYNCHRONIZED"); i++) await sleep(100);
    assert.deepEqual(await flagsOf(id), ["EXTERNAL", "MATERIALIZED"]);
    assert.equal(await countPeople(id), before + 2);
    const clear = await raw(`${sandbox.url}/datastore/organizations/${id}/${PEOPLE}/refresh-rate`, {
      method: "DELETE",
      token: sandbox.token("owner"),
    });
    assert.equal(clear.status, 200);
  });
});

describe("who may SELECT", () => {
  test("a member without READ is refused; READ through a role gives exactly the granted columns; revoking takes them back", async () => {
    const { id } = await materializingOrganization();
    await owner.organizations.addMember(id, SEEDED_USERS.member.user_id);
    await owner.organizations.assembleEntitySets(id, { [PEOPLE]: null });
    const database = await owner.organizations.getOrganizationDatabaseName(id);
    const asMember = (sql: string) => queryAsLogin(sandbox, "member", database, sql);
    await assert.rejects(asMember("SELECT id FROM openlattice.demo_people LIMIT 1"), /permission denied/);

    const roleId = await owner.organizations.createRole({
      organizationId: id,
      title: "Analyst",
      principal: { type: "ROLE", id: `${id}|Analyst` },
    });
    const role = { type: "ROLE" as const, id: `${id}|Analyst` };
    const given = await owner.edm.getPropertyTypeId("nc", "PersonGivenName");
    await owner.permissions.updateAcls([
      grantPermissions([PEOPLE], role, ["READ"]),
      grantPermissions([PEOPLE, given], role, ["READ"]),
    ]);
    await owner.organizations.addRoleToUser(id, roleId, SEEDED_USERS.member.user_id);
    assert.equal((await asMember(`SELECT id, "nc.PersonGivenName" FROM openlattice.demo_people LIMIT 2`)).length, 2);
    await assert.rejects(
      asMember(`SELECT "nc.PersonSurName" FROM openlattice.demo_people LIMIT 1`),
      /permission denied/,
    );

    await owner.organizations.removeRoleFromUser(id, roleId, SEEDED_USERS.member.user_id);
    await assert.rejects(asMember("SELECT id FROM openlattice.demo_people LIMIT 1"), /permission denied/);
    await owner.organizations.addRoleToUser(id, roleId, SEEDED_USERS.member.user_id);
    await owner.permissions.updateAcl(revokePermissions([PEOPLE], role, ["READ"]));
    await assert.rejects(asMember("SELECT id FROM openlattice.demo_people LIMIT 1"), /permission denied/);
  });

  test("destroying the organization leaves no assembly state or role behind", async () => {
    const { id } = await materializingOrganization();
    await owner.organizations.assembleEntitySets(id, { [PEOPLE]: null });
    const roleId = await owner.organizations.createRole({
      organizationId: id,
      title: "Gone",
      principal: { type: "ROLE", id: `${id}|Gone` },
    });
    await owner.organizations.destroyOrganization(id);
    const control = await sandbox.superuser("openlattice");
    try {
      assert.equal(
        (await control.query("SELECT 1 FROM materialized_entity_sets WHERE organization_id = $1", [id])).rowCount,
        0,
      );
      const roles = await control.query("SELECT rolname FROM pg_roles WHERE rolname LIKE $1 OR rolname = $2", [
        `%${id}%`,
        roleGroup(roleId),
      ]);
      assert.deepEqual(roles.rows, []);
    } finally {
      await control.end();
    }
  });
});

describe("permissions and data: bad input changes nothing", () => {
  test("ACLs: only owners read or change them, with the real messages; REQUEST fails; malformed bodies are 400", async () => {
    const member = sandbox.as("member").permissions;
    await assert.rejects(
      member.getAcl([PEOPLE]),
      (e: unknown) =>
        e instanceof PermissionError &&
        e.message === `Only owner of securable object [[${PEOPLE}]] can access other users' access rights.`,
    );
    await assert.rejects(
      member.updateAcl(grantPermissions([PEOPLE], { type: "USER", id: SEEDED_USERS.member.user_id }, ["OWNER"])),
      (e: unknown) => e instanceof PermissionError && /^Only owner of securable objects \[\[/.test(e.message),
    );
    const acl = await owner.permissions.getAcl([PEOPLE]);
    assert.ok(acl.aces.some((a) => a.principal.id === "OpenLatticeSampleOrg" && a.permissions.includes("MATERIALIZE")));
    const url = `${sandbox.url}/datastore/permissions`;
    const send = (body: unknown) =>
      raw(url, {
        method: "PATCH",
        token: sandbox.token("owner"),
        body: JSON.stringify(body),
        contentType: "application/json",
      });
    const request = await send({
      action: "REQUEST",
      acl: {
        aclKey: [PEOPLE],
        aces: [{ principal: { type: "USER", id: SEEDED_USERS.member.user_id }, permissions: ["READ"] }],
      },
    });
    assert.equal(request.status, 500);
    assert.equal(request.json.errors![0]!.message, "BadRequestException: Invalid action specified: REQUEST");
    for (const body of [
      { action: "ADD" },
      { action: "ADD", acl: { aclKey: ["nope"], aces: [] } },
      {
        action: "ADD",
        acl: { aclKey: [PEOPLE], aces: [{ principal: { type: "USER", id: "x" }, permissions: ["FLY"] }] },
      },
    ]) {
      assert.equal((await send(body)).status, 400);
    }
    const unknownUser = await send({
      action: "ADD",
      acl: { aclKey: [PEOPLE], aces: [{ principal: { type: "USER", id: "auth0|nobody" }, permissions: ["READ"] }] },
    });
    assert.equal(unknownUser.status, 404);
    assert.deepEqual(await owner.permissions.getAcl([PEOPLE]), acl);
  });

  test("property values of the wrong type are 400 naming them, unknown properties 401 (no WRITE on them); nothing is written", async () => {
    const types = Object.values(await owner.entitySets.getPropertyTypesOfEntitySet(PEOPLE));
    const birth = types.find((t) => t.datatype === "Date")!;
    const size = types.find((t) => t.datatype === "Int32")!;
    const control = await sandbox.superuser("openlattice");
    const count = async () => Number((await control.query("SELECT count(*) AS n FROM entities")).rows[0].n);
    try {
      const before = await count();
      for (const [entities, message] of [
        [
          [{ [birth.id]: ["1990-01-01"] }, { [birth.id]: ["yesterday"] }],
          /Entity 1: nc\.PersonBirthDate is Date, got "yesterday"/,
        ],
        [[{ [size.id]: [2.5] }], /ol\.household_size is Int32, got 2\.5/],
        [[{ [size.id]: [1, 2] }], /takes one value, got 2/],
      ] as const) {
        await assert.rejects(
          owner.data.createEntities(PEOPLE, entities as never),
          (e: unknown) => e instanceof BadRequestError && message.test(e.message),
        );
      }
      await assert.rejects(
        owner.data.createEntities(PEOPLE, [{ [INCIDENTS]: ["x"] }]),
        (e: unknown) => e instanceof PermissionError && e.message.includes(`[${PEOPLE}, ${INCIDENTS}]`),
      );
      await assert.rejects(sandbox.as("member").data.createEntities(PEOPLE, [{ [size.id]: [1] }]), PermissionError);
      assert.equal(await count(), before);
    } finally {
      await control.end();
    }
  });

  test("entity sets: by name and id, unknown names and ids, and who may see them", async () => {
    const es = owner.entitySets;
    assert.equal(await es.getEntitySetId("demo_people"), PEOPLE);
    assert.deepEqual(await es.getEntitySetIds(["demo_people", "demo_incidents", "nope"]), {
      demo_people: PEOPLE,
      demo_incidents: INCIDENTS,
    });
    assert.equal((await es.getEntitySetsByName(["demo_people"])).demo_people!.title, "Demo people");
    assert.equal((await es.getEntitySet(INCIDENTS)).name, "demo_incidents");
    assert.deepEqual(Object.keys(await es.getEntitySetsById([PEOPLE])), [PEOPLE]);
    // An unknown id, or one set the caller may not see, refuses the whole request, as on the real server.
    const unknown = "00000000-0000-4000-8000-00000000000b";
    await assert.rejects(
      es.getEntitySetsById([PEOPLE, unknown]),
      (e: unknown) => e instanceof PermissionError && e.message === `Object [${unknown}] is not accessible.`,
    );
    await assert.rejects(es.getEntitySet(unknown), PermissionError);
    await assert.rejects(sandbox.as("outsider").entitySets.getEntitySetIds(["demo_people"]), PermissionError);
    await assert.rejects(sandbox.as("outsider").entitySets.getEntitySetsByName(["demo_people"]), PermissionError);
    await assert.rejects(es.getEntitySetId("no_such_set"), /Entity Set no_such_set does not exists\./);
    assert.equal(
      (await sandbox.as("member").entitySets.getAllEntitySets()).length,
      2,
      "the sample organization may discover both",
    );
    assert.deepEqual(await sandbox.as("outsider").entitySets.getAllEntitySets(), []);
    await assert.rejects(sandbox.as("outsider").entitySets.getEntitySet(PEOPLE), PermissionError);
  });
});

describe("after a restart", () => {
  // The embedded server listens on another port at every start; organizations' foreign servers follow it.
  test("refresh still reads the platform's data through postgres_fdw", async () => {
    const { id } = await materializingOrganization();
    await owner.organizations.assembleEntitySets(id, { [PEOPLE]: null });
    const before = await countPeople(id);
    const { dataDir, postgres } = sandbox;
    await sandbox.stop({ keepData: true });
    sandbox = await startTestSandbox({ SANDBOX_REFRESH_CHECK_MS: "200" }, { dataDir });
    owner = sandbox.as("owner");
    if (!TEST_DATABASE_URL) assert.notEqual(sandbox.postgres.port, postgres.port, "the embedded server moved");
    await newPeople(2);
    await owner.organizations.refreshDataChanges(id, PEOPLE);
    assert.equal(await countPeople(id), before + 2);
  });
});
