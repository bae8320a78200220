import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { grantPermissions } from "../../lib/api/acl-data.js";
import { PermissionError } from "../../lib/errors.js";
import type { AclExplanation } from "../../lib/schemas/index.js";
import { DATASETS } from "../../sandbox/seed/datasets.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// "What can I touch" (getAuthorizations) and "why does this person see that" (getAclExplanation), answered from
// the same principals and entries the permission checks use.

const { member, owner: ownerUser } = SEEDED_USERS;
const PEOPLE = DATASETS.people.entitySetId;
let sandbox: TestSandbox;
let org: string;
let role: string;

before(async () => {
  sandbox = await startTestSandbox();
  const api = sandbox.as("owner").organizations;
  const name = `Access${Date.now()}`;
  org = await api.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
  await api.addMember(org, member.user_id);
  role = await api.createRole({
    organizationId: org,
    title: "Readers",
    principal: { type: "ROLE", id: `${org}|Readers` },
  });
  await api.addRoleToUser(org, role, member.user_id);
});
after(async () => {
  await sandbox?.stop();
});

describe("getAuthorizations", () => {
  test("answers each asked permission for the caller, through any principal they hold", async () => {
    const check = [{ aclKey: [org], permissions: ["READ" as const, "OWNER" as const] }];
    assert.deepEqual(await sandbox.as("owner").authorizations.getAuthorizations(check), [
      { aclKey: [org], permissions: { READ: true, OWNER: true } },
    ]);
    assert.deepEqual(await sandbox.as("member").authorizations.getAuthorizations(check), [
      { aclKey: [org], permissions: { READ: true, OWNER: false } },
    ]);
    assert.deepEqual(await sandbox.as("outsider").authorizations.getAuthorizations(check), [
      { aclKey: [org], permissions: { READ: false, OWNER: false } },
    ]);
  });

  test("checks on one acl key are merged; unknown objects answer false; a role's READ counts for its holders", async () => {
    const memberChecks = sandbox.as("member").authorizations;
    const unknown = "00000000-0000-4000-8000-0000000000a1";
    const checks = [
      { aclKey: [PEOPLE], permissions: ["READ" as const] },
      { aclKey: [PEOPLE], permissions: ["MATERIALIZE" as const] },
      { aclKey: [unknown], permissions: ["READ" as const] },
    ];
    assert.deepEqual(await memberChecks.getAuthorizations(checks), [
      { aclKey: [PEOPLE], permissions: { READ: false, MATERIALIZE: true } }, // MATERIALIZE through the sample organization
      { aclKey: [unknown], permissions: { READ: false } },
    ]);
    await sandbox
      .as("owner")
      .permissions.updateAcl(grantPermissions([PEOPLE], { type: "ROLE", id: `${org}|Readers` }, ["READ"]));
    assert.deepEqual((await memberChecks.getAuthorizations(checks))[0], {
      aclKey: [PEOPLE],
      permissions: { READ: true, MATERIALIZE: true },
    });
  });
});

describe("getAclExplanation", () => {
  const pathsOf = (explanations: AclExplanation[], type: string, id: string) =>
    explanations.find((e) => e.principal.type === type && e.principal.id === id)?.principalPaths;

  test("names the role and the organization through which each user reaches an object", async () => {
    await sandbox
      .as("owner")
      .permissions.updateAcl(grantPermissions([PEOPLE], { type: "ROLE", id: `${org}|Readers` }, ["READ"]));
    const explanations = await sandbox.as("owner").permissions.getAclExplanation([PEOPLE]);
    const readers = { type: "ROLE", id: `${org}|Readers` };
    const sample = { type: "ORGANIZATION", id: SAMPLE_ORGANIZATION.principal.id };
    const sam = { type: "USER", id: member.user_id };
    assert.deepEqual(pathsOf(explanations, "ROLE", readers.id), [[readers]]);
    assert.deepEqual(pathsOf(explanations, "ORGANIZATION", sample.id), [[sample]]);
    assert.deepEqual(
      pathsOf(explanations, "USER", member.user_id)?.sort((a, b) => a[0]!.type.localeCompare(b[0]!.type)),
      [
        [sample, sam],
        [readers, sam],
      ],
    );
    // The owner's own entry on the object starts no path (as on the real server; getAcl lists it): they appear only
    // as a member of the sample organization.
    assert.deepEqual(pathsOf(explanations, "USER", ownerUser.user_id), [
      [sample, { type: "USER", id: ownerUser.user_id }],
    ]);
  });

  test("needs OWNER on the object", async () => {
    await assert.rejects(
      sandbox.as("member").permissions.getAclExplanation([PEOPLE]),
      (e: unknown) => e instanceof PermissionError && e.message === `Object [${PEOPLE}] is not accessible.`,
    );
  });
});
