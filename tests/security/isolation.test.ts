import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { roleGroup } from "../../sandbox/naming.js";
import { SEEDED_USERS, type SeededUserName } from "../../sandbox/seed/users.js";
import { type DbSnapshot, takeSnapshot } from "../helpers/db-snapshot.js";
import { raw, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// Two organizations with different owners: A (the owner's, with the member in it) and B (the outsider's). Neither
// owner can read or change the other's organization, roles, members, database or integration account over HTTP,
// and neither organization's logins reach the other's database in PostgreSQL.

interface Org {
  owner: SeededUserName;
  id: string;
  role: string;
  adminRole: string;
  adminPrincipal: string;
  database: string;
  integration: { user: string; credential: string };
}

let sandbox: TestSandbox;
let A: Org;
let B: Org;
let snapshot: DbSnapshot;

async function organization(owner: SeededUserName): Promise<Org> {
  const api = sandbox.as(owner).organizations;
  const name = `Isolation${owner}${Date.now()}`;
  const id = await api.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
  const role = await api.createRole({
    organizationId: id,
    title: "Analyst",
    principal: { type: "ROLE", id: `${id}|Analyst` },
  });
  const adminRole = (await api.getOrganization(id)).adminRoleAclKey[1]!;
  const admin = await api.getRole(id, adminRole);
  return {
    owner,
    id,
    role,
    adminRole,
    adminPrincipal: admin.principal.id,
    database: await api.getOrganizationDatabaseName(id),
    integration: await api.getOrganizationIntegrationAccount(id),
  };
}

before(async () => {
  sandbox = await startTestSandbox();
  A = await organization("owner");
  B = await organization("outsider");
  await sandbox.as("owner").organizations.addMember(A.id, SEEDED_USERS.member.user_id);
  for (const user of ["owner", "outsider", "member"] as const)
    await sandbox.as(user).principals.getMaterializedViewAccount();
  snapshot = await takeSnapshot(sandbox.superuser);
});
after(async () => {
  await sandbox?.stop();
});

const enc = encodeURIComponent;
const text = (body: string) => ({ body, contentType: "text/plain" });
const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: "application/json" });
const grantSelf = (aclKey: string[], self: string) =>
  json({
    action: "ADD",
    acl: { aclKey, aces: [{ principal: { type: "USER", id: self }, permissions: ["OWNER", "READ"] }] },
  });

/** Every call one owner (of `mine`) might try on the other organization (`theirs`); all must be 401 forbidden. */
function attacks(mine: Org, theirs: Org) {
  const self = SEEDED_USERS[mine.owner].user_id;
  const O = `/datastore/organizations/${theirs.id}`;
  const R = `${O}/principals/roles`;
  const mixed = `/datastore/organizations/${mine.id}/principals/roles`;
  const role = {
    "@class": "com.openlattice.organization.roles.Role",
    organizationId: theirs.id,
    principal: { type: "ROLE", id: `${theirs.id}|Mine` },
    title: "Mine",
  };
  return [
    { call: "read the organization", method: "GET", path: O },
    { call: "retitle it", method: "PUT", path: `${O}/title`, ...text("Mine now") },
    { call: "describe it", method: "PUT", path: `${O}/description`, ...text("Mine now") },
    { call: "destroy it", method: "DELETE", path: O },
    { call: "read its database name", method: "GET", path: `${O}/database` },
    { call: "rename its database", method: "PATCH", path: `${O}/database`, ...text("taken_over_db") },
    { call: "read its integration account", method: "GET", path: `${O}/integration` },
    { call: "roll its integration account", method: "PATCH", path: `${O}/integration` },
    { call: "read its e-mail domains", method: "GET", path: `${O}/email-domains` },
    { call: "read its entity sets", method: "GET", path: `${O}/entity-sets` },
    { call: "assemble into it", method: "POST", path: `${O}/entity-sets/assemble`, ...json({}) },
    { call: "list its members", method: "GET", path: `${O}/principals/members` },
    { call: "join it", method: "PUT", path: `${O}/principals/members/${enc(self)}` },
    {
      call: "remove its owner",
      method: "DELETE",
      path: `${O}/principals/members/${enc(SEEDED_USERS[theirs.owner].user_id)}`,
    },
    { call: "list its roles", method: "GET", path: R },
    { call: "read its role", method: "GET", path: `${R}/${theirs.role}` },
    { call: "read its admin role", method: "GET", path: `${R}/${theirs.adminRole}` },
    { call: "create a role in it", method: "POST", path: "/datastore/organizations/roles", ...json(role) },
    { call: "retitle its role", method: "PUT", path: `${R}/${theirs.role}/title`, ...text("Mine") },
    { call: "describe its role", method: "PUT", path: `${R}/${theirs.role}/description`, ...text("Mine") },
    { call: "delete its role", method: "DELETE", path: `${R}/${theirs.role}` },
    { call: "list its role's users", method: "GET", path: `${R}/${theirs.role}/members` },
    { call: "take its admin role", method: "PUT", path: `${R}/${theirs.adminRole}/members/${enc(self)}` },
    {
      call: "take its admin role from its owner",
      method: "DELETE",
      path: `${R}/${theirs.adminRole}/members/${enc(SEEDED_USERS[theirs.owner].user_id)}`,
    },
    {
      call: "retitle its role under my organization's id",
      method: "PUT",
      path: `${mixed}/${theirs.role}/title`,
      ...text("Mine"),
    },
    {
      call: "take its admin role under my organization's id",
      method: "PUT",
      path: `${mixed}/${theirs.adminRole}/members/${enc(self)}`,
    },
    { call: "delete its role under my organization's id", method: "DELETE", path: `${mixed}/${theirs.role}` },
    { call: "read its ACL", method: "POST", path: "/datastore/permissions", ...json([theirs.id]) },
    {
      call: "grant myself OWNER on it",
      method: "PATCH",
      path: "/datastore/permissions",
      ...grantSelf([theirs.id], self),
    },
    {
      call: "grant myself OWNER on its admin role",
      method: "PATCH",
      path: "/datastore/permissions/update",
      body: `[${grantSelf([theirs.id, theirs.adminRole], self).body}]`,
      contentType: "application/json",
    },
    {
      call: "read its admin role's principal",
      method: "POST",
      path: "/datastore/principals",
      ...json({ type: "ROLE", id: theirs.adminPrincipal }),
    },
  ];
}

describe("one organization's owner against another organization", () => {
  for (const [mine, theirs] of [
    ["A", "B"],
    ["B", "A"],
  ] as const) {
    test(`${mine}'s owner gets 401 forbidden on every call about ${theirs}`, async () => {
      const [me, them] = mine === "A" ? [A, B] : [B, A];
      for (const attack of attacks(me, them)) {
        const answer = await raw(`${sandbox.url}${attack.path}`, { ...attack, token: sandbox.token(me.owner) });
        assert.equal(answer.status, 401, `${attack.call}: ${answer.text}`);
        assert.equal(answer.json.errors?.[0]?.error.type, "forbidden", attack.call);
        assert.ok(!answer.text.includes(them.integration.credential), attack.call);
      }
    });
  }

  test("the same reads from the organization's own owner succeed (the calls are well-formed)", async () => {
    const reads = attacks(A, A).filter((a) => a.method === "GET" || a.call.startsWith("read"));
    for (const read of reads) {
      const answer = await raw(`${sandbox.url}${read.path}`, { ...read, token: sandbox.token(A.owner) });
      assert.equal(answer.status, 200, `${read.call}: ${answer.text}`);
    }
  });

  test("listings show neither the other organization nor its roles", async () => {
    for (const [me, them] of [
      [A, B],
      [B, A],
    ]) {
      const api = sandbox.as(me.owner);
      assert.ok(!(await api.organizations.getOrganizations()).some((o) => o.id === them.id));
      assert.ok(!(await api.organizations.getOrganizationsMetadata()).some((o) => o.id === them.id));
      const roles = Object.values(await api.principals.getAvailableRoles());
      assert.ok(!roles.some((r) => r.organizationId === them.id));
      assert.ok(!(await api.principals.getCurrentRoles()).some((r) => r.aclKey[0] === them.id));
    }
  });

  test("leaving an organization one is not in is allowed and changes nothing", async () => {
    const answer = await raw(
      `${sandbox.url}/datastore/organizations/${B.id}/principals/members/${enc(SEEDED_USERS.owner.user_id)}`,
      {
        method: "DELETE",
        token: sandbox.token("owner"),
      },
    );
    assert.equal(answer.status, 200);
  });

  test("nothing changed in either organization or its database", async () => {
    assert.deepEqual(await takeSnapshot(sandbox.superuser), snapshot);
  });
});

/** Runs `sql` as a login on a database; resolves to its first row, or rejects with PostgreSQL's error. */
async function asLogin(user: string, password: string, database: string, sql = "SELECT current_database() AS db") {
  const client = new pg.Client({ ...sandbox.postgres, user, password, database });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as Record<string, unknown>;
  } finally {
    await client.end();
  }
}

describe("PostgreSQL logins stay in their organization", () => {
  const denied = /permission denied/;

  test("each integration account reaches its own database and not the other's", async () => {
    for (const [me, them] of [
      [A, B],
      [B, A],
    ]) {
      const { user, credential } = me.integration;
      assert.equal((await asLogin(user, credential, me.database)).db, me.database);
      await assert.rejects(asLogin(user, credential, them.database), denied);
    }
  });

  test("members' logins reach their organizations' databases only", async () => {
    const member = await sandbox.as("member").principals.getMaterializedViewAccount();
    assert.equal((await asLogin(member.username, member.credential, A.database)).db, A.database);
    await assert.rejects(asLogin(member.username, member.credential, B.database), denied);
    for (const [me, them] of [
      [A, B],
      [B, A],
    ]) {
      const login = await sandbox.as(me.owner).principals.getMaterializedViewAccount();
      await assert.rejects(asLogin(login.username, login.credential, them.database), denied);
    }
  });

  test("an integration account cannot read the control database, become the other's login or change its password", async () => {
    const { user, credential } = A.integration;
    await assert.rejects(
      asLogin(user, credential, "openlattice", "SELECT integration_credential FROM public.organizations"),
      denied,
    );
    await assert.rejects(
      asLogin(user, credential, A.database, `SET ROLE ${pg.escapeIdentifier(B.integration.user)}`),
      denied,
    );
    await assert.rejects(
      asLogin(user, credential, A.database, `ALTER ROLE ${pg.escapeIdentifier(B.integration.user)} PASSWORD 'taken'`),
      denied,
    );
    await assert.rejects(
      asLogin(user, credential, A.database, `SET ROLE ${pg.escapeIdentifier(roleGroup(B.adminRole))}`),
      /permission denied|does not exist/,
    );
    assert.equal(
      (await asLogin(B.integration.user, B.integration.credential, B.database)).db,
      B.database,
      "B's password still works",
    );
  });

  test("nothing changed", async () => {
    assert.deepEqual(await takeSnapshot(sandbox.superuser), snapshot);
  });
});
