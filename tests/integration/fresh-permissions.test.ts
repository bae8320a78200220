import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { grantPermissions, revokePermissions } from "../../lib/api/acl-data.js";
import { PermissionError } from "../../lib/errors.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// The sandbox remembers callers between reads; every change must still be seen by the very next request.

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(() => sandbox?.stop());

const { outsider } = SEEDED_USERS;

async function newOrganization() {
  const name = `Fresh${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  return sandbox
    .as("owner")
    .organizations.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
}

/** Whether the outsider may read the organization now; asked twice, so that the second answer may come from memory. */
async function outsiderReads(org: string): Promise<boolean> {
  const organizations = sandbox.as("outsider").organizations;
  const answers = await Promise.all(
    [0, 1].map(async () => {
      try {
        return (await organizations.getOrganization(org)).id === org;
      } catch (error) {
        assert.ok(error instanceof PermissionError, String(error));
        return false;
      }
    }),
  );
  assert.equal(answers[0], answers[1]);
  const again = await organizations.getOrganization(org).then(
    () => true,
    () => false,
  );
  assert.equal(again, answers[0]);
  return answers[0]!;
}

test("added as a member, a user's next call passes; removed, it is refused", async () => {
  const org = await newOrganization();
  const owner = sandbox.as("owner").organizations;
  assert.equal(await outsiderReads(org), false);
  await owner.addMember(org, outsider.user_id);
  assert.equal(await outsiderReads(org), true);
  await owner.removeMember(org, outsider.user_id);
  assert.equal(await outsiderReads(org), false);
});

test("removing oneself is seen by one's own next call", async () => {
  const org = await newOrganization();
  await sandbox.as("owner").organizations.addMember(org, outsider.user_id);
  assert.equal(await outsiderReads(org), true);
  await sandbox.as("outsider").organizations.removeMember(org, outsider.user_id);
  assert.equal(await outsiderReads(org), false);
});

test("a permission granted is used by the next call; revoked, the next call is refused", async () => {
  const org = await newOrganization();
  const owner = sandbox.as("owner");
  const user = { type: "USER" as const, id: outsider.user_id };
  assert.equal(await outsiderReads(org), false);
  await owner.permissions.updateAcl(grantPermissions([org], user, ["READ"]));
  assert.equal(await outsiderReads(org), true);
  await owner.permissions.updateAcl(revokePermissions([org], user, ["READ"]));
  assert.equal(await outsiderReads(org), false);
});

test("a role given passes on its permissions at the next call; taken back, the next call is refused", async () => {
  const [home, target] = [await newOrganization(), await newOrganization()];
  const owner = sandbox.as("owner");
  const roleId = await owner.organizations.createRole({
    organizationId: home,
    title: "Readers",
    principal: { type: "ROLE", id: `${home}|Readers` },
  });
  await owner.permissions.updateAcl(grantPermissions([target], { type: "ROLE", id: `${home}|Readers` }, ["READ"]));
  await owner.organizations.addMember(home, outsider.user_id);
  assert.equal(await outsiderReads(target), false);
  await owner.organizations.addRoleToUser(home, roleId, outsider.user_id);
  assert.equal(await outsiderReads(target), true);
  await owner.organizations.removeRoleFromUser(home, roleId, outsider.user_id);
  assert.equal(await outsiderReads(target), false);
});

test("a POST that only reads keeps the remembered callers; a POST that changes something forgets them", async () => {
  const org = await newOrganization();
  const outsiderApi = sandbox.as("outsider");
  const mayRead = async () =>
    (await outsiderApi.authorizations.getAuthorizations([{ aclKey: [org], permissions: ["READ"] }]))[0]!.permissions
      .READ;
  assert.equal(await outsiderReads(org), false); // the outsider, as they are now, is remembered
  // Membership written behind the sandbox's back, and READ for the organization's members: only a caller looked
  // up again holds the organization's principal, and with it READ.
  const control = await sandbox.superuser("openlattice");
  try {
    await control.query(
      "INSERT INTO principal_edges (holder, held) SELECT id, $2 FROM principals WHERE principal_id = $1 AND type = 'USER'",
      [outsider.user_id, org],
    );
    await control.query("INSERT INTO aces (acl_key, principal, permissions) VALUES (ARRAY[$1::uuid], $1, '{READ}')", [
      org,
    ]);
  } finally {
    await control.end();
  }
  const owner = sandbox.as("owner");
  await owner.principals.getUsers([outsider.user_id]);
  await owner.principals.searchAllUsersByEmail(outsider.email!);
  await owner.permissions.getAcl([org]);
  await owner.authorizations.getAuthorizations([{ aclKey: [org], permissions: ["OWNER"] }]);
  assert.equal(await mayRead(), false, "read-only POSTs kept the remembered outsider");
  assert.equal(await outsiderReads(org), false);
  await newOrganization(); // a POST that changes something
  assert.equal(await mayRead(), true, "a changing POST forgot the remembered outsider");
  assert.equal(await outsiderReads(org), true);
});
