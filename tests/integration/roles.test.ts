import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BadRequestError, PermissionError } from "../../lib/errors.js";
import { adminRoleTitle, rolePrincipalId } from "../../sandbox/naming.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { sendRaw } from "../helpers/raw-http.js";
import { raw, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox?.stop();
});

const ROLE_CLASS = "com.openlattice.organization.roles.Role";

async function newOrganization() {
  const name = `Roles${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const id = await sandbox
    .as("owner")
    .organizations.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
  return { id, name };
}

describe("roles", () => {
  test("a new organization has exactly one role, its admin role", async () => {
    const { id, name } = await newOrganization();
    const roles = await sandbox.as("owner").organizations.getRoles(id);
    assert.equal(roles.length, 1);
    assert.equal(roles[0]!.title, adminRoleTitle(name));
    assert.equal(roles[0]!.principal.id, rolePrincipalId(id, adminRoleTitle(name)));
    assert.equal(roles[0]!.description, "Administrators of this organization");
  });

  test("create, read, retitle, describe and list a role", async () => {
    const { id } = await newOrganization();
    const api = sandbox.as("owner").organizations;
    const roleId = await api.createRole({
      organizationId: id,
      title: "Analyst",
      description: "Reads data",
      principal: { type: "ROLE", id: `${id}|Analyst` },
    });
    const role = await api.getRole(id, roleId);
    assert.deepEqual(role, {
      "@class": ROLE_CLASS,
      id: roleId,
      organizationId: id,
      title: "Analyst",
      description: "Reads data",
      principal: { type: "ROLE", id: `${id}|Analyst` },
      aclKey: [id, roleId],
    });
    await api.updateRoleTitle(id, roleId, "Senior analyst");
    await api.updateRoleDescription(id, roleId, "Reads — and explains — data");
    const changed = await api.getRole(id, roleId);
    assert.equal(changed.title, "Senior analyst");
    assert.equal(changed.description, "Reads — and explains — data");
    assert.ok((await api.getRoles(id)).some((r) => r.id === roleId));
    assert.ok((await sandbox.as("owner").principals.getCurrentRoles()).every((r) => r.principal.type === "ROLE"));
  });

  test("a taken principal id creates nothing and still answers an id; a deleted role can be created again", async () => {
    const { id } = await newOrganization();
    const api = sandbox.as("owner").organizations;
    const principal = { type: "ROLE" as const, id: `${id}|SUPER_ADMIN` };
    const first = await api.createRole({ organizationId: id, title: "Super", principal });
    const second = await api.createRole({ organizationId: id, title: "Super again", principal });
    assert.notEqual(second, first);
    assert.equal((await api.getRoles(id)).filter((r) => r.principal.id === principal.id).length, 1);
    await assert.rejects(
      api.getRole(id, second),
      (e: unknown) => e instanceof PermissionError && e.message === `Unable to find role: [${id}, ${second}]`,
    );
    await api.deleteRole(id, first);
    assert.ok(!(await api.getRoles(id)).some((r) => r.id === first));
    const again = await api.createRole({ organizationId: id, title: "Super", principal });
    assert.notEqual(again, first);
    assert.equal((await api.getRole(id, again)).principal.id, principal.id);
  });

  test("one role is created when the same one is created eight times at once; each call answers 200", async () => {
    const { id } = await newOrganization();
    const headers = { Authorization: `Bearer ${sandbox.token("owner")}`, "Content-Type": "application/json" };
    for (const name of ["A", "B", "C", "D"]) {
      const principal = { type: "ROLE", id: `${id}|Concurrent${name}` };
      const body = Buffer.from(JSON.stringify({ "@class": ROLE_CLASS, organizationId: id, title: name, principal }));
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          sendRaw(sandbox.url, { method: "POST", path: "/datastore/organizations/roles", headers, body }),
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        Array(8).fill(200),
        answers.map((a) => a.text).join("\n"),
      );
      assert.equal(
        (await sandbox.as("owner").organizations.getRoles(id)).filter((r) => r.principal.id === principal.id).length,
        1,
      );
    }
  });

  test("a role deleted by eight requests at once is deleted; none fails", async () => {
    const { id } = await newOrganization();
    const headers = { Authorization: `Bearer ${sandbox.token("owner")}` };
    for (const name of ["A", "B", "C", "D"]) {
      const roleId = await sandbox.as("owner").organizations.createRole({
        organizationId: id,
        title: name,
        principal: { type: "ROLE", id: `${id}|Deleted${name}` },
      });
      const path = `/datastore/organizations/${id}/principals/roles/${roleId}`;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => sendRaw(sandbox.url, { method: "DELETE", path, headers })),
      );
      // a deletion that starts after another finished finds no role (401, as for any role the caller cannot reach)
      assert.ok(
        answers.every((a) => a.status === 200 || a.status === 401),
        answers.map((a) => `${a.status} ${a.text}`).join("\n"),
      );
      assert.ok(!(await sandbox.as("owner").organizations.getRoles(id)).some((r) => r.id === roleId));
    }
  });

  test("the admin role cannot be deleted", async () => {
    const { id } = await newOrganization();
    const api = sandbox.as("owner").organizations;
    const adminRole = (await api.getOrganization(id)).adminRoleAclKey[1]!;
    await assert.rejects(api.deleteRole(id, adminRole), (e: unknown) => {
      assert.ok(e instanceof BadRequestError);
      assert.equal(
        e.message,
        `Role [${id}, ${adminRole}] cannot be deleted because it is the organization's admin role.`,
      );
      return true;
    });
    assert.equal((await api.getRoles(id)).length, 1);
  });

  test("give a role to a user (member or not), list its users, take it back", async () => {
    const { id } = await newOrganization();
    const api = sandbox.as("owner").organizations;
    const roleId = await api.createRole({
      organizationId: id,
      title: "Viewer",
      principal: { type: "ROLE", id: `${id}|Viewer` },
    });
    await api.addRoleToUser(id, roleId, SEEDED_USERS.outsider.user_id);
    await api.addRoleToUser(id, roleId, SEEDED_USERS.outsider.user_id);
    await api.addRoleToUser(id, roleId, SEEDED_USERS.member.user_id);
    const users = await api.getAllUsersOfRole(id, roleId);
    assert.deepEqual(users.map((u) => u.email).sort(), [SEEDED_USERS.outsider.email, SEEDED_USERS.member.email].sort());
    assert.ok(users.every((u) => Array.isArray(u.identities)));
    await api.removeRoleFromUser(id, roleId, SEEDED_USERS.outsider.user_id);
    assert.deepEqual(
      (await api.getAllUsersOfRole(id, roleId)).map((u) => u.email),
      [SEEDED_USERS.member.email],
    );
  });
});

describe("bad role bodies get the server's 400 and create nothing", () => {
  const cases: { name: string; body: (org: string) => unknown; status: number; message: RegExp }[] = [
    {
      name: "no @class",
      body: (org) => ({ organizationId: org, title: "X", principal: { type: "ROLE", id: `${org}|X` } }),
      status: 400,
      message: /"@class"/,
    },
    {
      name: "a wrong @class",
      body: (org) => ({
        "@class": "com.openlattice.authorization.SecurablePrincipal",
        organizationId: org,
        title: "X",
        principal: { type: "ROLE", id: `${org}|X` },
      }),
      status: 400,
      message: /"@class"/,
    },
    {
      name: "a USER principal",
      body: (org) => ({
        "@class": ROLE_CLASS,
        organizationId: org,
        title: "X",
        principal: { type: "USER", id: `${org}|X` },
      }),
      status: 400,
      message: /^Role principal type must be ROLE$/,
    },
    {
      name: "no organization id",
      body: (org) => ({ "@class": ROLE_CLASS, title: "X", principal: { type: "ROLE", id: `${org}|X` } }),
      status: 400,
      message: /^Organization id cannot be null\.$/,
    },
    {
      name: "an empty title",
      body: (org) => ({
        "@class": ROLE_CLASS,
        organizationId: org,
        title: "  ",
        principal: { type: "ROLE", id: `${org}|X` },
      }),
      status: 400,
      message: /^Title cannot be blank\.$/,
    },
    {
      name: "no principal",
      body: (org) => ({ "@class": ROLE_CLASS, organizationId: org, title: "X" }),
      status: 400,
      message: /^principal: Required$/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { id } = await newOrganization();
      const answer = await raw(`${sandbox.url}/datastore/organizations/roles`, {
        method: "POST",
        token: sandbox.token("owner"),
        body: JSON.stringify(c.body(id)),
        contentType: "application/json",
      });
      assert.equal(answer.status, c.status, answer.text);
      assert.match(answer.json.errors![0]!.message, c.message);
      assert.equal((await sandbox.as("owner").organizations.getRoles(id)).length, 1);
    });
  }

  test("a role for an organization the caller does not own is 401 and creates nothing", async () => {
    const { id } = await newOrganization();
    await sandbox.as("owner").organizations.addMember(id, SEEDED_USERS.member.user_id);
    await assert.rejects(
      sandbox
        .as("member")
        .organizations.createRole({ organizationId: id, title: "Mine", principal: { type: "ROLE", id: `${id}|Mine` } }),
      (e: unknown) => e instanceof PermissionError && e.message === `Object [${id}] is not accessible.`,
    );
    assert.equal((await sandbox.as("owner").organizations.getRoles(id)).length, 1);
  });

  test("an empty role title is refused on update and changes nothing", async () => {
    const { id } = await newOrganization();
    const api = sandbox.as("owner").organizations;
    const roleId = await api.createRole({
      organizationId: id,
      title: "Keep",
      principal: { type: "ROLE", id: `${id}|Keep` },
    });
    const answer = await raw(`${sandbox.url}/datastore/organizations/${id}/principals/roles/${roleId}/title`, {
      method: "PUT",
      token: sandbox.token("owner"),
      body: " ",
      contentType: "text/plain",
    });
    assert.equal(answer.status, 400);
    assert.equal((await api.getRole(id, roleId)).title, "Keep");
  });
});
