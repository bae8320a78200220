import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { GrantInput } from "../../lib/index.js";
import { PermissionError } from "../../lib/errors.js";
import { roleGroup } from "../../sandbox/naming.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// Automatic roles: a role's grants give it to users as they join the organization, visible in getMembers and in
// the member's PostgreSQL login; setting a grant needs OWNER on the organization and on the role.

const { admin, member, outsider } = SEEDED_USERS;
let sandbox: TestSandbox;

before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox?.stop();
});

const owner = () => sandbox.as("owner").organizations;

/** A new organization with one role carrying `grant`; answers both ids. */
async function organizationWithGrant(grant: GrantInput) {
  const name = `Grants${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const org = await owner().createOrganizationIfNotExists({
    title: name,
    principal: { type: "ORGANIZATION", id: name },
  });
  const role = await owner().createRole({
    organizationId: org,
    title: "Auto",
    principal: { type: "ROLE", id: `${org}|Auto` },
  });
  await owner().updateRoleGrant(org, role, grant);
  return { org, role };
}

async function holdsRole(org: string, role: string, userId: string): Promise<boolean> {
  const found = (await owner().getMembers(org)).find((m) => m.principal.principal.id === userId);
  assert.ok(found, `${userId} is a member`);
  return found.roles.some((r) => r.id === role);
}

/** Whether the user's login is in the role's PostgreSQL group. */
async function loginHoldsGroup(user: "member" | "outsider" | "admin", role: string): Promise<boolean> {
  const { username } = await sandbox.as(user).principals.getMaterializedViewAccount();
  const client = await sandbox.superuser();
  try {
    const { rows } = await client.query("SELECT pg_has_role($1, $2, 'MEMBER') AS held", [username, roleGroup(role)]);
    return rows[0].held as boolean;
  } finally {
    await client.end();
  }
}

describe("grants applied when members join", () => {
  test("Automatic: everyone who joins gets the role, in getMembers and in SQL; members already in do not", async () => {
    const name = `Before${Date.now()}`;
    const org = await owner().createOrganizationIfNotExists({
      title: name,
      principal: { type: "ORGANIZATION", id: name },
    });
    await owner().addMember(org, member.user_id);
    const role = await owner().createRole({
      organizationId: org,
      title: "Auto",
      principal: { type: "ROLE", id: `${org}|Auto` },
    });
    await owner().updateRoleGrant(org, role, { grantType: "Automatic", mappings: [] });
    await owner().addMember(org, outsider.user_id);
    assert.equal(await holdsRole(org, role, outsider.user_id), true);
    assert.equal(await loginHoldsGroup("outsider", role), true);
    assert.equal(await holdsRole(org, role, member.user_id), false, "the grant does not reach members already in");
    await owner().addMember(org, member.user_id); // adding again changes nothing
    assert.equal(await holdsRole(org, role, member.user_id), false);
  });

  test("Manual: nobody gets the role by joining", async () => {
    const { org, role } = await organizationWithGrant({ grantType: "Manual", mappings: [member.user_id] });
    await owner().addMember(org, member.user_id);
    assert.equal(await holdsRole(org, role, member.user_id), false);
  });

  test("EmailDomain: users of the mappings' domains", async () => {
    const { org, role } = await organizationWithGrant({ grantType: "EmailDomain", mappings: ["anyone@example.org"] });
    await owner().addMember(org, member.user_id); // sam.patel@example.org
    await owner().addMember(org, outsider.user_id); // riley.chen@example.com
    assert.equal(await holdsRole(org, role, member.user_id), true);
    assert.equal(await holdsRole(org, role, outsider.user_id), false);
    assert.equal(await loginHoldsGroup("member", role), true);
  });

  test("Roles: users whose Auth0 app_metadata.roles hold a mapping", async () => {
    const { org, role } = await organizationWithGrant({ grantType: "Roles", mappings: ["admin"] });
    await owner().addMember(org, admin.user_id);
    await owner().addMember(org, member.user_id);
    assert.equal(await holdsRole(org, role, admin.user_id), true);
    assert.equal(await holdsRole(org, role, member.user_id), false);
  });
});

describe("updateRoleGrant", () => {
  test("stores one grant per type in the organization's grants; a new one of the same type replaces it", async () => {
    const { org, role } = await organizationWithGrant({ grantType: "EmailDomain", mappings: ["a@example.org"] });
    await owner().updateRoleGrant(org, role, {
      grantType: "EmailDomain",
      mappings: ["b@example.net", "b@example.net"],
    });
    await owner().updateRoleGrant(org, role, { grantType: "Groups", mappings: ["analysts"] });
    assert.deepEqual((await owner().getOrganization(org)).grants[role], {
      EmailDomain: { grantType: "EmailDomain", mappings: ["b@example.net"], attribute: "" },
      Groups: { grantType: "Groups", mappings: ["analysts"], attribute: "" },
    });
    await owner().deleteRole(org, role);
    assert.deepEqual((await owner().getOrganization(org)).grants, {});
  });

  test("needs OWNER on the organization and on the role; nothing changes otherwise", async () => {
    const { org, role } = await organizationWithGrant({ grantType: "Manual", mappings: [] });
    await owner().addMember(org, member.user_id);
    const before = (await owner().getOrganization(org)).grants;
    await assert.rejects(
      sandbox.as("member").organizations.updateRoleGrant(org, role, { grantType: "Automatic", mappings: [] }),
      PermissionError,
    );
    await assert.rejects(
      sandbox.as("outsider").organizations.updateRoleGrant(org, role, { grantType: "Automatic", mappings: [] }),
      PermissionError,
    );
    assert.deepEqual((await owner().getOrganization(org)).grants, before);
  });
});
