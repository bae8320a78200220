import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { grantPermissions, revokePermissions } from "../../lib/api/acl-data.js";
import { PermissionError, ServerError } from "../../lib/errors.js";
import { roleGroup } from "../../sandbox/naming.js";
import { DATASETS } from "../../sandbox/seed/datasets.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { raw, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// Answers the sandbox gives as the real server does, where they once differed: unknown organizations behind an
// ACL check, the last USER owner, property types by name, members' database rights, bearer headers, logins.

const ORGS = "/datastore/organizations";
const MISSING = "00000000-0000-4000-8000-0000000000f1";
const { member, outsider } = SEEDED_USERS;
let sandbox: TestSandbox;
let org: string;

before(async () => {
  sandbox = await startTestSandbox();
  const name = `Fidelity${Date.now()}`;
  org = await sandbox
    .as("owner")
    .organizations.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
  await sandbox.as("owner").organizations.addMember(org, member.user_id);
});
after(async () => {
  await sandbox?.stop();
});

const isForbidden = (key: string) => (e: unknown) =>
  e instanceof PermissionError && e.message === `Object [${key}] is not accessible.`;

describe("an unknown organization where the real server checks only the caller's permission", () => {
  test("members and roles: 401, like any object the caller may not touch", async () => {
    const api = sandbox.as("owner").organizations;
    await assert.rejects(api.addMember(MISSING, member.user_id), isForbidden(MISSING));
    await assert.rejects(api.removeMember(MISSING, member.user_id), isForbidden(MISSING));
    await assert.rejects(
      api.getRole(MISSING, MISSING),
      (e: unknown) => e instanceof PermissionError && /Unable to find role/.test(e.message),
    );
    await assert.rejects(api.addRoleToUser(MISSING, MISSING, member.user_id), isForbidden(`${MISSING}, ${MISSING}`));
    await assert.rejects(
      api.removeRoleFromUser(MISSING, MISSING, member.user_id),
      isForbidden(`${MISSING}, ${MISSING}`),
    );
  });

  test("the admin's e-mail-domain changes do nothing (200); reading them is still 500 'does not exist'", async () => {
    const admin = sandbox.as("admin").organizations;
    await admin.addAutoApprovedEmailDomain(MISSING, "example.net");
    await admin.setAutoApprovedEmailDomain(MISSING, ["example.net"]);
    await admin.removeAutoApprovedEmailDomains(MISSING, ["example.net"]);
    await assert.rejects(
      admin.getAutoApprovedEmailDomains(MISSING),
      (e: unknown) => e instanceof ServerError && /does not exist/.test(e.message),
    );
  });
});

describe("permissions", () => {
  test("removing the last USER owner is refused and changes nothing; other changes still go through", async () => {
    const permissions = sandbox.as("owner").permissions;
    const key = [org];
    const before = await permissions.getAcl(key);
    await assert.rejects(
      permissions.updateAcl(revokePermissions(key, { type: "USER", id: SEEDED_USERS.owner.user_id }, ["OWNER"])),
      (e: unknown) =>
        e instanceof ServerError &&
        e.errorType === "illegalState" &&
        /left without an owner of type USER/.test(e.message),
    );
    assert.deepEqual(await permissions.getAcl(key), before);
    // With a second USER owner, the first may step down.
    await permissions.updateAcl(grantPermissions(key, { type: "USER", id: outsider.user_id }, ["OWNER"]));
    await permissions.updateAcl(revokePermissions(key, { type: "USER", id: outsider.user_id }, ["OWNER"]));
  });

  test("the 401 of a change names only the acl keys the caller does not own", async () => {
    const change = (key: string[]) => grantPermissions(key, { type: "USER", id: outsider.user_id }, ["READ"]);
    const people = DATASETS.people.entitySetId;
    await assert.rejects(
      sandbox.as("owner").permissions.updateAcls([change([org]), change([MISSING])]),
      (e: unknown) => {
        assert.ok(e instanceof PermissionError);
        assert.equal(
          e.message,
          `Only owner of securable objects [[${MISSING}]] can access other users' access rights.`,
        );
        return true;
      },
    );
    await assert.rejects(
      sandbox.as("member").permissions.updateAcls([change([people])]),
      new RegExp(`\\[\\[${people}\\]\\]`),
    );
  });
});

test("creating a property type whose name is taken answers the existing id (createPropertyTypeIfNotExists)", async () => {
  const edm = sandbox.as("admin").edm;
  const existing = await edm.getPropertyTypeId("nc", "PersonGivenName");
  assert.equal(
    await edm.createPropertyType({
      type: { namespace: "nc", name: "PersonGivenName" },
      title: "Again",
      datatype: "String",
    }),
    existing,
  );
  assert.equal((await edm.getPropertyType(existing)).title, "Given name");
});

test("a property type created eight times at once is created once; each call answers its id", async () => {
  const edm = sandbox.as("admin").edm;
  for (const name of ["a", "b", "c", "d"]) {
    const ids = await Promise.all(
      Array.from({ length: 8 }, () =>
        edm.createPropertyType({ type: { namespace: "concurrent", name }, title: name, datatype: "String" }),
      ),
    );
    assert.deepEqual(new Set(ids), new Set([await edm.getPropertyTypeId("concurrent", name)]));
  }
});

test("creating entities needs READ on the entity set and WRITE on each property written", async () => {
  const owner = sandbox.as("owner");
  const people = DATASETS.people.entitySetId;
  const given = await owner.edm.getPropertyTypeId("nc", "PersonGivenName");
  const outsiderData = sandbox.as("outsider").data;
  await owner.permissions.updateAcl(grantPermissions([people], { type: "USER", id: outsider.user_id }, ["WRITE"]));
  await assert.rejects(outsiderData.createEntities(people, [{ [given]: ["Ann"] }]), isForbidden(people));
  await owner.permissions.updateAcl(grantPermissions([people], { type: "USER", id: outsider.user_id }, ["READ"]));
  await assert.rejects(
    outsiderData.createEntities(people, [{ [given]: ["Ann"] }]),
    (e: unknown) => e instanceof PermissionError && e.message.includes(`[${people}, ${given}]`),
  );
  await owner.permissions.updateAcl(
    grantPermissions([people, given], { type: "USER", id: outsider.user_id }, ["WRITE"]),
  );
  assert.equal((await outsiderData.createEntities(people, [{ [given]: ["Ann"] }])).length, 1);
});

describe("PostgreSQL", () => {
  const login = async (user: "member") => sandbox.as(user).principals.getMaterializedViewAccount();
  const connectAs = async (user: string, password: string, database: string) => {
    const client = new pg.Client({ ...sandbox.postgres, user, password, database });
    await client.connect();
    return client;
  };

  test("members may connect, make temporary tables and create schemas in the organization's database", async () => {
    const { username, credential } = await login("member");
    const database = await sandbox.as("owner").organizations.getOrganizationDatabaseName(org);
    const client = await connectAs(username, credential, database);
    try {
      await client.query("CREATE SCHEMA member_scratch");
      await client.query("CREATE TEMPORARY TABLE scratch (x int)");
    } finally {
      await client.end();
    }
  });

  test("no login but the superuser reaches the cluster's maintenance databases", async () => {
    const { username, credential } = await login("member");
    const account = await sandbox.as("owner").organizations.getOrganizationIntegrationAccount(org);
    for (const database of ["postgres", "template1", "openlattice"]) {
      await assert.rejects(connectAs(username, credential, database), /permission denied for database/);
      await assert.rejects(connectAs(account.user, account.credential, database), /permission denied for database/);
    }
  });
});

test("Authorization headers a Spring bearer-token resolver refuses are 401; the scheme's case does not matter", async () => {
  const token = sandbox.token("owner");
  const call = (authorization: string) => fetch(`${sandbox.url}${ORGS}`, { headers: { Authorization: authorization } });
  for (const header of [
    `Bearer  ${token}`,
    `Bearer ${token} extra`,
    `Bearer ${token},`,
    `Bearer`,
    `Bearer "${token}"`,
    `Token ${token}`,
    `Basic ${token}`,
  ]) {
    const answer = await call(header);
    assert.equal(answer.status, 401, header.replace(token, "<token>"));
    assert.equal(
      ((await answer.json()) as { errors: { error: { type: string } }[] }).errors[0]!.error.type,
      "unauthorized",
    );
  }
  assert.equal((await call(`bearer ${token}`)).status, 200);
  assert.equal((await raw(`${sandbox.url}${ORGS}`, { token })).status, 200);
});

describe("client calls of the refresh rate and the admin role's login", () => {
  test("updateRefreshRate and deleteRefreshRate set and clear a materialized entity set's rate", async () => {
    const { SAMPLE_ORGANIZATION } = await import("../../sandbox/seed/organizations.js");
    const api = sandbox.as("owner").organizations;
    const people = DATASETS.people.entitySetId;
    await api.assembleEntitySets(SAMPLE_ORGANIZATION.id, { [people]: null });
    const rate = async () => {
      const client = await sandbox.superuser("openlattice");
      try {
        return (
          await client.query("SELECT refresh_rate_ms FROM materialized_entity_sets WHERE entity_set_id = $1", [people])
        ).rows[0].refresh_rate_ms;
      } finally {
        await client.end();
      }
    };
    await api.updateRefreshRate(SAMPLE_ORGANIZATION.id, people, 15);
    assert.equal(Number(await rate()), 15 * 60_000);
    await api.deleteRefreshRate(SAMPLE_ORGANIZATION.id, people);
    assert.equal(await rate(), null);
    await assert.rejects(api.updateRefreshRate(SAMPLE_ORGANIZATION.id, people, 0), /whole minutes/);
  });

  test("getOrganizationAdminRoleDatabaseAccount: the admin role's login, for owners, on the organization's database only; gone with it", async () => {
    const api = sandbox.as("owner").organizations;
    const name = `AdminLogin${Date.now()}`;
    const org = await api.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
    const account = await api.getOrganizationAdminRoleDatabaseAccount(org);
    const adminRole = (await api.getOrganization(org)).adminRoleAclKey[1];
    assert.equal(account.user, roleGroup(adminRole));
    assert.deepEqual(await api.getOrganizationAdminRoleDatabaseAccount(org), account, "the same login every time");
    const database = await api.getOrganizationDatabaseName(org);
    const client = new pg.Client({ ...sandbox.postgres, user: account.user, password: account.credential, database });
    await client.connect();
    try {
      assert.equal((await client.query("SELECT current_user AS who")).rows[0].who, account.user);
    } finally {
      await client.end();
    }
    const elsewhere = new pg.Client({
      ...sandbox.postgres,
      user: account.user,
      password: account.credential,
      database: "postgres",
    });
    await assert.rejects(elsewhere.connect(), /permission denied for database/);
    await assert.rejects(
      sandbox.as("member").organizations.getOrganizationAdminRoleDatabaseAccount(org),
      isForbidden(org),
    );
    await api.destroyOrganization(org);
    const superuser = await sandbox.superuser();
    try {
      assert.equal((await superuser.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [account.user])).rowCount, 0);
    } finally {
      await superuser.end();
    }
  });
});
