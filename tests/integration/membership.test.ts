import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { NotFoundError, PermissionError } from "../../lib/errors.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { raw, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox?.stop();
});

const { member, outsider, admin } = SEEDED_USERS;

async function newOrganization() {
  const name = `Members${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  return sandbox
    .as("owner")
    .organizations.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
}

/** The user's own PostgreSQL login, as `GET /datastore/principals/db` gives it. */
async function loginOf(user: "member" | "outsider" | "owner") {
  const answer = await raw(`${sandbox.url}/datastore/principals/db`, { token: sandbox.token(user) });
  assert.equal(answer.status, 200);
  return answer.json as unknown as { username: string; credential: string };
}

/** Whether a login can open a session on a database. */
async function canConnect(login: { username: string; credential: string }, database: string) {
  const client = new pg.Client({ ...sandbox.postgres, user: login.username, password: login.credential, database });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    assert.match((error as Error).message, /permission denied|not permitted/);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

describe("members", () => {
  test("add is owner-only and idempotent; the member appears with profile and roles", async () => {
    const org = await newOrganization();
    const owner = sandbox.as("owner").organizations;
    await assert.rejects(sandbox.as("member").organizations.addMember(org, outsider.user_id), PermissionError);
    await owner.addMember(org, outsider.user_id);
    await owner.addMember(org, outsider.user_id);
    const members = await owner.getMembers(org);
    const added = members.filter((m) => m.profile.user_id === outsider.user_id);
    assert.equal(added.length, 1);
    assert.equal(added[0]!.principal["@class"], "com.openlattice.authorization.SecurablePrincipal");
    assert.equal(added[0]!.profile.email, outsider.email);
    assert.ok(
      added[0]!.roles.some((p) => p["@class"] === "com.openlattice.organization.OrganizationPrincipal" && p.id === org),
    );
    assert.ok((await sandbox.as("outsider").organizations.getOrganizations()).some((o) => o.id === org));
  });

  test("a member's roles list holds their roles and organizations in every organization", async () => {
    const a = await newOrganization();
    const b = await newOrganization();
    const owner = sandbox.as("owner").organizations;
    for (const org of [a, b]) await owner.addMember(org, member.user_id);
    const roleB = await owner.createRole({
      organizationId: b,
      title: "Reader",
      principal: { type: "ROLE", id: `${b}|Reader` },
    });
    await owner.addRoleToUser(b, roleB, member.user_id);
    const inA = (await owner.getMembers(a)).find((m) => m.profile.user_id === member.user_id)!;
    const heldIds = inA.roles.map((p) => p.id);
    for (const id of [a, b, roleB]) assert.ok(heldIds.includes(id), `holds ${id}`);
  });

  test("remove takes the member's roles in the organization with them", async () => {
    const org = await newOrganization();
    const owner = sandbox.as("owner").organizations;
    await owner.addMember(org, outsider.user_id);
    const role = await owner.createRole({
      organizationId: org,
      title: "Temp",
      principal: { type: "ROLE", id: `${org}|Temp` },
    });
    await owner.addRoleToUser(org, role, outsider.user_id);
    assert.deepEqual(
      (await owner.getAllUsersOfRole(org, role)).map((u) => u.user_id),
      [outsider.user_id],
    );
    await owner.removeMember(org, outsider.user_id);
    assert.ok(!(await owner.getMembers(org)).some((m) => m.profile.user_id === outsider.user_id));
    assert.deepEqual(await owner.getAllUsersOfRole(org, role), []);
    await assert.rejects(sandbox.as("outsider").organizations.getOrganization(org), PermissionError);
  });

  test("a member may remove themselves, not others", async () => {
    const org = await newOrganization();
    const owner = sandbox.as("owner").organizations;
    await owner.addMember(org, member.user_id);
    await owner.addMember(org, outsider.user_id);
    await assert.rejects(sandbox.as("member").organizations.removeMember(org, outsider.user_id), PermissionError);
    await sandbox.as("member").organizations.removeMember(org, member.user_id);
    const ids = (await owner.getMembers(org)).map((m) => m.profile.user_id);
    assert.ok(!ids.includes(member.user_id));
    assert.ok(ids.includes(outsider.user_id));
  });

  test("unknown users: adding one is a clear 404 naming the id, whatever it holds; removing one does nothing, as on the real server", async () => {
    const org = await newOrganization();
    const owner = sandbox.as("owner").organizations;
    const before = await owner.getMembers(org);
    for (const id of [
      "auth0|doesnotexist",
      "a/b",
      "../..",
      "..%2F",
      "with space",
      "ünïcødé|用户",
      "google-oauth2|1/../2",
    ]) {
      await assert.rejects(owner.addMember(org, id), (e: unknown) => {
        assert.ok(e instanceof NotFoundError, String(e));
        assert.equal(e.message, `User ${JSON.stringify(id)} does not exist.`);
        return true;
      });
      await owner.removeMember(org, id);
    }
    for (const id of [".", ".."]) await assert.rejects(owner.addMember(org, id), /userId cannot be sent in a URL path/);
    assert.deepEqual(await owner.getMembers(org), before);
  });
});

describe("members' database logins", () => {
  test("a login connects to its organizations' databases and no other; removal revokes it", async () => {
    const org = await newOrganization();
    const other = await newOrganization();
    const owner = sandbox.as("owner").organizations;
    const database = await owner.getOrganizationDatabaseName(org);
    const otherDatabase = await owner.getOrganizationDatabaseName(other);
    const login = await loginOf("outsider");
    assert.match(login.username, /^user\d{4}$/);
    assert.match(login.credential, /^[A-Za-z0-9]{29}$/);
    assert.equal(await canConnect(login, database), false);
    await owner.addMember(org, outsider.user_id);
    assert.equal(await canConnect(login, database), true);
    assert.equal(await canConnect(login, otherDatabase), false);
    await owner.removeMember(org, outsider.user_id);
    assert.equal(await canConnect(login, database), false);
  });

  test("the creator's login reaches the new database; regenerating the credential replaces the password", async () => {
    const org = await newOrganization();
    const database = await sandbox.as("owner").organizations.getOrganizationDatabaseName(org);
    const login = await loginOf("owner");
    assert.equal(await canConnect(login, database), true);
    const answer = await raw(`${sandbox.url}/datastore/principals/db/credential`, {
      method: "POST",
      token: sandbox.token("owner"),
    });
    const fresh = answer.json as unknown as { username: string; credential: string };
    assert.equal(fresh.username, login.username);
    assert.notEqual(fresh.credential, login.credential);
    await assert.rejects(
      new pg.Client({ ...sandbox.postgres, user: login.username, password: login.credential, database }).connect(),
      /password authentication failed/,
    );
    assert.equal(await canConnect(fresh, database), true);
  });
});

describe("e-mail domains need the global admin", () => {
  test("the admin need not be a member", async () => {
    const org = await newOrganization();
    await sandbox.as("admin").organizations.setAutoApprovedEmailDomain(org, ["example.org"]);
    assert.deepEqual(await sandbox.as("owner").organizations.getAutoApprovedEmailDomains(org), ["example.org"]);
    assert.ok(
      !(await sandbox.as("owner").organizations.getMembers(org)).some((m) => m.profile.user_id === admin.user_id),
    );
  });
});
