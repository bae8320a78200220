import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { connectToOrganizationDatabase } from "../../lib/org-database.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { raw, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// Every organization, role, grant, member, e-mail-domain, access-check and organization-database endpoint, called as no token, outsider, member, owner and
// admin, with the status and message the real server gives. The owner's column runs last: it may destroy.
type Caller = "none" | "outsider" | "member" | "admin" | "owner";
const CALLERS: Caller[] = ["none", "outsider", "member", "admin", "owner"];

interface Fixture {
  org: string;
  role: string;
  adminRole: string;
  /** A table of the organization's database (made for the rows naming `{table}`). */
  table?: string;
}

/** Expected outcome: 200, or 401 with one of the real messages. */
const OK = "200";
const NO_TOKEN = "401 Full authentication is required to access this resource.";
const ORG = "401 Object [{org}] is not accessible.";
const ROLE = "401 Object [{org}, {role}] is not accessible.";
const NO_ROLE = "401 Unable to find role: [{org}, {adminRole}]";
const ADMINS = "401 Only admins are allowed to perform this action.";
const TABLE = "401 Object [{table}] is not accessible.";

const outsider = encodeURIComponent(SEEDED_USERS.outsider.user_id);
const text = (body: string) => ({ body, contentType: "text/plain" });
const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: "application/json" });
let renames = 0;

const O = "/datastore/organizations/{org}";
const DB = "/datastore/organization-database/{org}";
const MATRIX: {
  call: string;
  method: string;
  path: string;
  body?: (fx: Fixture) => { body: string; contentType: string };
  expect: Record<Caller, string>;
}[] = [
  {
    call: "getOrganizations",
    method: "GET",
    path: "/datastore/organizations",
    expect: { none: NO_TOKEN, outsider: OK, member: OK, admin: OK, owner: OK },
  },
  {
    call: "getOrganization",
    method: "GET",
    path: O,
    expect: { none: NO_TOKEN, outsider: ORG, member: OK, admin: ORG, owner: OK },
  },
  {
    call: "updateTitle",
    method: "PUT",
    path: `${O}/title`,
    body: () => text("New title"),
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "updateDescription",
    method: "PUT",
    path: `${O}/description`,
    body: () => text("New description"),
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "getOrganizationDatabaseName",
    method: "GET",
    path: `${O}/database`,
    expect: { none: NO_TOKEN, outsider: ORG, member: OK, admin: ORG, owner: OK },
  },
  {
    call: "renameOrganizationDatabase",
    method: "PATCH",
    path: `${O}/database`,
    body: () => text(`matrix_db_${++renames}_${Date.now()}`),
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "getOrganizationIntegrationAccount",
    method: "GET",
    path: `${O}/integration`,
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "getOrganizationAdminRoleDatabaseAccount",
    method: "GET",
    path: `${O}/integration/roles`,
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "getOrganizationEntitySets",
    method: "GET",
    path: `${O}/entity-sets`,
    expect: { none: NO_TOKEN, outsider: ORG, member: OK, admin: ORG, owner: OK },
  },
  {
    call: "getAutoApprovedEmailDomains",
    method: "GET",
    path: `${O}/email-domains`,
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "setAutoApprovedEmailDomain",
    method: "PUT",
    path: `${O}/email-domains`,
    body: () => json(["example.org"]),
    expect: { none: NO_TOKEN, outsider: ADMINS, member: ADMINS, admin: OK, owner: ADMINS },
  },
  {
    call: "removeAutoApprovedEmailDomains",
    method: "DELETE",
    path: `${O}/email-domains`,
    body: () => json(["example.org"]),
    expect: { none: NO_TOKEN, outsider: ADMINS, member: ADMINS, admin: OK, owner: ADMINS },
  },
  {
    call: "getMembers",
    method: "GET",
    path: `${O}/principals/members`,
    expect: { none: NO_TOKEN, outsider: ORG, member: OK, admin: ORG, owner: OK },
  },
  {
    call: "addMember",
    method: "PUT",
    path: `${O}/principals/members/${outsider}`,
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "removeMember (the outsider: oneself for the outsider)",
    method: "DELETE",
    path: `${O}/principals/members/${outsider}`,
    expect: { none: NO_TOKEN, outsider: OK, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "getRoles",
    method: "GET",
    path: `${O}/principals/roles`,
    expect: { none: NO_TOKEN, outsider: ORG, member: OK, admin: ORG, owner: OK },
  },
  {
    call: "getRole (the admin role)",
    method: "GET",
    path: `${O}/principals/roles/{adminRole}`,
    expect: { none: NO_TOKEN, outsider: NO_ROLE, member: OK, admin: NO_ROLE, owner: OK },
  },
  {
    call: "createRole",
    method: "POST",
    path: "/datastore/organizations/roles",
    body: (fx) =>
      json({
        "@class": "com.openlattice.organization.roles.Role",
        organizationId: fx.org,
        principal: { type: "ROLE", id: `${fx.org}|Matrix` },
        title: "Matrix",
      }),
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "updateRoleTitle",
    method: "PUT",
    path: `${O}/principals/roles/{role}/title`,
    body: () => text("Renamed role"),
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "updateRoleDescription",
    method: "PUT",
    path: `${O}/principals/roles/{role}/description`,
    body: () => text("About the role"),
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "addRoleToUser",
    method: "PUT",
    path: `${O}/principals/roles/{role}/members/${outsider}`,
    expect: { none: NO_TOKEN, outsider: ROLE, member: ROLE, admin: ROLE, owner: OK },
  },
  {
    call: "removeRoleFromUser",
    method: "DELETE",
    path: `${O}/principals/roles/{role}/members/${outsider}`,
    expect: { none: NO_TOKEN, outsider: ROLE, member: ROLE, admin: ROLE, owner: OK },
  },
  {
    call: "updateRoleGrant",
    method: "PUT",
    path: `${O}/principals/roles/{role}/grant`,
    body: () => json({ grantType: "Automatic", mappings: [] }),
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "getAuthorizations (on the organization)",
    method: "POST",
    path: "/datastore/authorizations",
    body: (fx) => json([{ aclKey: [fx.org], permissions: ["READ"] }]),
    expect: { none: NO_TOKEN, outsider: OK, member: OK, admin: OK, owner: OK },
  },
  {
    call: "getAclExplanation (of the organization)",
    method: "POST",
    path: "/datastore/permissions/explain",
    body: (fx) => json([fx.org]),
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "getOrganizationDataSets",
    method: "GET",
    path: `${DB}/external-database-table/external-database-column`,
    expect: { none: NO_TOKEN, outsider: ORG, member: OK, admin: ORG, owner: OK },
  },
  {
    call: "getOrganizationDataSets (tables only)",
    method: "GET",
    path: `${DB}/external-database-table`,
    expect: { none: NO_TOKEN, outsider: ORG, member: OK, admin: ORG, owner: OK },
  },
  {
    call: "getOrganizationDataSet",
    method: "GET",
    path: `${DB}/{table}/external-database-table/external-database-column`,
    expect: { none: NO_TOKEN, outsider: ORG, member: TABLE, admin: ORG, owner: OK },
  },
  {
    call: "getOrganizationDataSetData",
    method: "GET",
    path: `${DB}/{table}/5/data`,
    expect: { none: NO_TOKEN, outsider: ORG, member: TABLE, admin: ORG, owner: OK },
  },
  {
    call: "getAllUsersOfRole",
    method: "GET",
    path: `${O}/principals/roles/{role}/members`,
    expect: { none: NO_TOKEN, outsider: ORG, member: OK, admin: ORG, owner: OK },
  },
  {
    call: "deleteRole",
    method: "DELETE",
    path: `${O}/principals/roles/{role}`,
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
  {
    call: "destroyOrganization",
    method: "DELETE",
    path: O,
    expect: { none: NO_TOKEN, outsider: ORG, member: ORG, admin: ORG, owner: OK },
  },
];

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox?.stop();
});

/** A fresh organization of the owner's, with the member in it, a role besides the admin role and, if asked, a table. */
async function fixture(withTable: boolean): Promise<Fixture> {
  const owner = sandbox.as("owner").organizations;
  const name = `Matrix${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const org = await owner.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
  await owner.addMember(org, SEEDED_USERS.member.user_id);
  const role = await owner.createRole({
    organizationId: org,
    title: "Analyst",
    principal: { type: "ROLE", id: `${org}|Analyst` },
  });
  const adminRole = (await owner.getOrganization(org)).adminRoleAclKey[1]!;
  if (!withTable) return { org, role, adminRole };
  const db = await connectToOrganizationDatabase(sandbox.as("owner"), org);
  await db
    .query("CREATE TABLE staging.matrix (id integer, note text); INSERT INTO staging.matrix VALUES (1, 'one')")
    .finally(() => db.end());
  const [table] = await sandbox.as("owner").datasets.getOrganizationDataSets(org, { columns: false });
  return { org, role, adminRole, table: table!.id };
}

const fill = (template: string, fx: Fixture) =>
  template
    .replaceAll("{org}", fx.org)
    .replaceAll("{role}", fx.role)
    .replaceAll("{adminRole}", fx.adminRole)
    .replaceAll("{table}", fx.table ?? "");

describe("permission matrix", () => {
  for (const row of MATRIX) {
    test(row.call, async () => {
      const fx = await fixture(row.path.includes("{table}"));
      for (const caller of CALLERS) {
        const answer = await raw(`${sandbox.url}${fill(row.path, fx)}`, {
          method: row.method,
          token: caller === "none" ? undefined : sandbox.token(caller),
          ...row.body?.(fx),
        });
        const got = answer.status === 200 ? OK : `${answer.status} ${answer.json?.errors?.[0]?.message}`;
        assert.equal(got, fill(row.expect[caller], fx), `${row.call} as ${caller}: ${answer.text}`);
      }
    });
  }
});
