import assert from "node:assert/strict";
import { test } from "node:test";
import {
  adminRoleTitle,
  DEFAULT_DATABASE_NAME,
  defaultDatabaseName,
  integrationLogin,
  isIntegrationLogin,
  isRoleGroup,
  roleGroup,
  rolePrincipalId,
  USER_LOGIN,
} from "../../sandbox/naming.js";

const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const ROLE = "0c8be4b7-0bd5-4dd1-a623-da78871c9d0e";

test("the sandbox names PostgreSQL roles as the real server does, and knows them again", () => {
  assert.equal(integrationLogin(ORG), `ol-internal|organization|${ORG}`);
  assert.equal(roleGroup(ROLE), `ol-internal|role|${ROLE}`);
  assert.ok(isIntegrationLogin(integrationLogin(ORG)) && !isIntegrationLogin(roleGroup(ROLE)));
  assert.ok(isRoleGroup(roleGroup(ROLE)) && !isRoleGroup(integrationLogin(ORG)) && !isRoleGroup("user0001"));
  assert.ok(USER_LOGIN.test("user0042") && !USER_LOGIN.test("user42") && !USER_LOGIN.test(roleGroup(ROLE)));
});

test("an organization's default database name is the one pattern the sandbox recognizes", () => {
  assert.ok(DEFAULT_DATABASE_NAME.test(defaultDatabaseName(ORG)));
  assert.ok(DEFAULT_DATABASE_NAME.test(defaultDatabaseName(ORG.toUpperCase())));
  for (const name of ["org_db_test_renamed", `org_${ORG}`, "openlattice"])
    assert.ok(!DEFAULT_DATABASE_NAME.test(name), name);
});

test("the admin role made with an organization is titled after its principal id", () => {
  assert.equal(adminRoleTitle("OpenLatticeSampleOrg"), "OpenLatticeSampleOrg - ADMIN");
  assert.equal(rolePrincipalId(ORG, adminRoleTitle("OpenLatticeSampleOrg")), `${ORG}|OpenLatticeSampleOrg - ADMIN`);
});
