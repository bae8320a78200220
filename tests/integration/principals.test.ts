import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { currentUser, findUserByEmail, rolesInOrganization } from "../../lib/api/users.js";
import { NotFoundError, PermissionError } from "../../lib/errors.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { ALL_USERS, SEEDED_USERS } from "../../sandbox/seed/users.js";
import { raw, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox?.stop();
});

describe("users", () => {
  test("at least 25 seeded users from more than one connection, all returned", async () => {
    const users = await sandbox.as("member").principals.getAllUsers();
    assert.ok(Object.keys(users).length >= 25);
    assert.deepEqual(Object.keys(users).sort(), ALL_USERS.map((u) => u.user_id).sort());
    const connections = new Set(Object.values(users).map((u) => u.identities?.[0]?.connection));
    assert.ok(connections.size > 2, [...connections].join(", "));
  });

  test("one user, several users, and an unknown one", async () => {
    const api = sandbox.as("outsider").principals;
    assert.equal((await api.getUser(SEEDED_USERS.member.user_id)).email, SEEDED_USERS.member.email);
    const some = await api.getUsers([SEEDED_USERS.owner.user_id, SEEDED_USERS.admin.user_id, "auth0|nobody"]);
    assert.deepEqual(Object.keys(some).sort(), [SEEDED_USERS.admin.user_id, SEEDED_USERS.owner.user_id].sort());
    await assert.rejects(api.getUser("auth0|nobody/../x"), NotFoundError);
  });

  test("search by exactly one of email or name, with the real 400 messages otherwise", async () => {
    const api = sandbox.as("member").principals;
    const byEmail = await api.searchUsers({ email: "SAM.PATEL@example.org" });
    assert.deepEqual(Object.keys(byEmail), [SEEDED_USERS.member.user_id]);
    const byName = await api.searchUsers({ name: "rivera" });
    assert.ok(Object.keys(byName).includes(SEEDED_USERS.admin.user_id));
    assert.deepEqual(await api.searchUsers({ email: "nobody@example.org" }), {});
    const url = `${sandbox.url}/datastore/principals/users/search`;
    for (const [body, message] of [
      [{ email: "a@b.c", name: "x" }, 'only one of "email", "name" are allowed'],
      [{}, 'one of "email", "name" is required'],
      [{ email: " " }, "email cannot be blank"],
    ] as const) {
      const answer = await raw(url, {
        method: "POST",
        token: sandbox.token("member"),
        body: JSON.stringify(body),
        contentType: "application/json",
      });
      assert.equal(answer.status, 400);
      assert.equal(answer.json.errors![0]!.message, message);
    }
  });

  test("the helpers: the current user, a user by e-mail, a member's roles in one organization", async () => {
    const ol = sandbox.as("member");
    assert.equal((await currentUser(ol.principals)).user_id, SEEDED_USERS.member.user_id);
    assert.equal((await findUserByEmail(ol.principals, "jordan.lee@example.org"))?.user_id, SEEDED_USERS.owner.user_id);
    assert.equal(await findUserByEmail(ol.principals, "nobody@example.org"), undefined);
    const owner = sandbox.as("owner").organizations;
    const me = (await owner.getMembers(SAMPLE_ORGANIZATION.id)).find(
      (m) => m.profile.user_id === SEEDED_USERS.owner.user_id,
    )!;
    const roles = rolesInOrganization(me, SAMPLE_ORGANIZATION.id);
    assert.deepEqual(
      roles.map((r) => r.title),
      ["OpenLatticeSampleOrg - ADMIN"],
    );
    assert.ok(me.roles.length > roles.length, "the server's list also holds organization principals");
  });
});

describe("principals and roles", () => {
  test("a securable principal: any user's; a role's only with READ on it", async () => {
    const org = await sandbox.as("owner").organizations.getOrganization(SAMPLE_ORGANIZATION.id);
    const adminRole = org.roles[0]!;
    const user = await sandbox
      .as("outsider")
      .principals.getSecurablePrincipal({ type: "USER", id: SEEDED_USERS.owner.user_id });
    assert.equal(user["@class"], "com.openlattice.authorization.SecurablePrincipal");
    assert.equal((await sandbox.as("member").principals.getSecurablePrincipal(adminRole.principal)).id, adminRole.id);
    await assert.rejects(sandbox.as("outsider").principals.getSecurablePrincipal(adminRole.principal), PermissionError);
  });

  test("available roles are the readable ones, keyed by acl key; current roles are the caller's", async () => {
    const org = await sandbox.as("owner").organizations.getOrganization(SAMPLE_ORGANIZATION.id);
    const adminRole = org.roles[0]!;
    const forMember = await sandbox.as("member").principals.getAvailableRoles();
    assert.deepEqual(forMember[`[${adminRole.aclKey.join(", ")}]`], adminRole);
    assert.deepEqual(await sandbox.as("outsider").principals.getAvailableRoles(), {});
    const ownerRoles = (await sandbox.as("owner").principals.getCurrentRoles()).map((r) => r.title).sort();
    assert.deepEqual(ownerRoles, ["OpenLatticeDemoData - ADMIN", "OpenLatticeSampleOrg - ADMIN"]);
    assert.deepEqual(await sandbox.as("member").principals.getCurrentRoles(), []);
  });

  test("the caller's database login, its regeneration, and sync", async () => {
    const api = sandbox.as("member").principals;
    const account = await api.getMaterializedViewAccount();
    assert.match(account.username, /^user\d{4}$/);
    assert.deepEqual(await api.getMaterializedViewAccount(), account);
    const fresh = await api.regenerateCredential();
    assert.equal(fresh.username, account.username);
    assert.notEqual(fresh.credential, account.credential);
    await api.syncCallingUser();
  });
});
