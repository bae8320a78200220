import assert from "node:assert/strict";
import { test } from "node:test";
import { OrganizationsApi } from "../../lib/api/organizations.js";
import { InputError } from "../../lib/errors.js";
import { fakeClient } from "../helpers/fake-client.js";
const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const ROLE = "5e2762e6-bfac-44c9-808a-97fe75c80ded";
const SET = "0c8be4b7-0bd5-4dd1-a623-da78871c9d0e";
const USER = "google-oauth2|1061/a b";
const USER_PATH = "google-oauth2%7C1061%2Fa%20b";
const O = `/datastore/organizations/${ORG}`;

/** Records what the client sends; answers 200 with an empty body (schema calls then fail validation, ignored here). */
function recordingApi() {
  const { client, sent } = fakeClient({ clientOptions: { strict: false } });
  return { api: new OrganizationsApi(client), sent };
}

const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain; charset=utf-8";

// Each tutorial call (and the other organization endpoints) with the real server's method, path and body type.
const table: [string, (api: OrganizationsApi) => Promise<unknown>, string, string, string?][] = [
  [
    "createOrganizationIfNotExists",
    (a) => a.createOrganizationIfNotExists({ title: "T", principal: { type: "ORGANIZATION", id: "T" } }),
    "POST",
    "/datastore/organizations",
    JSON_TYPE,
  ],
  ["destroyOrganization", (a) => a.destroyOrganization(ORG, { confirm: ORG }), "DELETE", O],
  ["getOrganization", (a) => a.getOrganization(ORG), "GET", O],
  [
    "getFlaggedOrganizationEntitySets",
    (a) => a.getFlaggedOrganizationEntitySets(ORG, ["MATERIALIZED"]),
    "POST",
    `${O}/entity-sets`,
    JSON_TYPE,
  ],
  ["getOrganizationEntitySets", (a) => a.getOrganizationEntitySets(ORG), "GET", `${O}/entity-sets`],
  ["getOrganizationIntegrationAccount", (a) => a.getOrganizationIntegrationAccount(ORG), "GET", `${O}/integration`],
  ["getOrganizations", (a) => a.getOrganizations(), "GET", "/datastore/organizations"],
  [
    "renameOrganizationDatabase",
    (a) => a.renameOrganizationDatabase(ORG, "org_db_test_renamed", { confirm: ORG }),
    "PATCH",
    `${O}/database`,
    TEXT_TYPE,
  ],
  ["updateDescription", (a) => a.updateDescription(ORG, "d"), "PUT", `${O}/description`, TEXT_TYPE],
  ["updateTitle", (a) => a.updateTitle(ORG, "t"), "PUT", `${O}/title`, TEXT_TYPE],
  ["addMember", (a) => a.addMember(ORG, USER), "PUT", `${O}/principals/members/${USER_PATH}`],
  ["getMembers", (a) => a.getMembers(ORG), "GET", `${O}/principals/members`],
  [
    "removeAutoApprovedEmailDomains",
    (a) => a.removeAutoApprovedEmailDomains(ORG, ["x.org"]),
    "DELETE",
    `${O}/email-domains`,
    JSON_TYPE,
  ],
  [
    "removeMember",
    (a) => a.removeMember(ORG, USER, { confirm: USER }),
    "DELETE",
    `${O}/principals/members/${USER_PATH}`,
  ],
  [
    "setAutoApprovedEmailDomain",
    (a) => a.setAutoApprovedEmailDomain(ORG, ["x.org"]),
    "PUT",
    `${O}/email-domains`,
    JSON_TYPE,
  ],
  ["synchronizeEdmChanges", (a) => a.synchronizeEdmChanges(ORG, SET), "POST", `${O}/${SET}/synchronize`],
  [
    "addRoleToUser",
    (a) => a.addRoleToUser(ORG, ROLE, USER),
    "PUT",
    `${O}/principals/roles/${ROLE}/members/${USER_PATH}`,
  ],
  [
    "updateRoleGrant",
    (a) => a.updateRoleGrant(ORG, ROLE, { grantType: "Automatic", mappings: [] }),
    "PUT",
    `${O}/principals/roles/${ROLE}/grant`,
    JSON_TYPE,
  ],
  ["updateRefreshRate", (a) => a.updateRefreshRate(ORG, SET, 30), "PUT", `${O}/${SET}/refresh-rate`, JSON_TYPE],
  ["deleteRefreshRate", (a) => a.deleteRefreshRate(ORG, SET), "DELETE", `${O}/${SET}/refresh-rate`],
  [
    "getOrganizationAdminRoleDatabaseAccount",
    (a) => a.getOrganizationAdminRoleDatabaseAccount(ORG),
    "GET",
    `${O}/integration/roles`,
  ],
  [
    "createRole",
    (a) => a.createRole({ organizationId: ORG, title: "R", principal: { type: "ROLE", id: `${ORG}|R` } }),
    "POST",
    "/datastore/organizations/roles",
    JSON_TYPE,
  ],
  ["deleteRole", (a) => a.deleteRole(ORG, ROLE, { confirm: ROLE }), "DELETE", `${O}/principals/roles/${ROLE}`],
  ["getAllUsersOfRole", (a) => a.getAllUsersOfRole(ORG, ROLE), "GET", `${O}/principals/roles/${ROLE}/members`],
  ["getRole", (a) => a.getRole(ORG, ROLE), "GET", `${O}/principals/roles/${ROLE}`],
  ["getRoles", (a) => a.getRoles(ORG), "GET", `${O}/principals/roles`],
  [
    "removeRoleFromUser",
    (a) => a.removeRoleFromUser(ORG, ROLE, USER, { confirm: USER }),
    "DELETE",
    `${O}/principals/roles/${ROLE}/members/${USER_PATH}`,
  ],
  [
    "updateRoleDescription",
    (a) => a.updateRoleDescription(ORG, ROLE, "d"),
    "PUT",
    `${O}/principals/roles/${ROLE}/description`,
    TEXT_TYPE,
  ],
  [
    "updateRoleTitle",
    (a) => a.updateRoleTitle(ORG, ROLE, "t"),
    "PUT",
    `${O}/principals/roles/${ROLE}/title`,
    TEXT_TYPE,
  ],
  [
    "assembleEntitySets",
    (a) => a.assembleEntitySets(ORG, { [SET]: null }),
    "POST",
    `${O}/entity-sets/assemble`,
    JSON_TYPE,
  ],
  ["refreshDataChanges", (a) => a.refreshDataChanges(ORG, SET), "POST", `${O}/${SET}/refresh`],
  ["getOrganizationsMetadata", (a) => a.getOrganizationsMetadata(), "GET", "/datastore/organizations/metadata"],
  ["getOrganizationDatabaseName", (a) => a.getOrganizationDatabaseName(ORG), "GET", `${O}/database`],
  ["rollOrganizationIntegrationAccount", (a) => a.rollOrganizationIntegrationAccount(ORG), "PATCH", `${O}/integration`],
  ["getAutoApprovedEmailDomains", (a) => a.getAutoApprovedEmailDomains(ORG), "GET", `${O}/email-domains`],
  [
    "addAutoApprovedEmailDomains",
    (a) => a.addAutoApprovedEmailDomains(ORG, ["x.org"]),
    "POST",
    `${O}/email-domains`,
    JSON_TYPE,
  ],
  ["addAutoApprovedEmailDomain", (a) => a.addAutoApprovedEmailDomain(ORG, "x.org"), "PUT", `${O}/email-domains/x.org`],
  [
    "removeAutoApprovedEmailDomain",
    (a) => a.removeAutoApprovedEmailDomain(ORG, "x.org"),
    "DELETE",
    `${O}/email-domains/x.org`,
  ],
];

test("the 27 tutorial calls are all here, under their camelCased names", () => {
  const tutorial = [
    "create_organization_if_not_exists",
    "destroy_organization",
    "get_organization",
    "get_flagged_organization_entity_sets",
    "get_organization_entity_sets",
    "get_organization_integration_account",
    "get_organizations",
    "rename_organization_database",
    "update_description",
    "update_title",
    "add_member",
    "get_members",
    "remove_auto_approved_email_domains",
    "remove_member",
    "set_auto_approved_email_domain",
    "synchronize_edm_changes",
    "add_role_to_user",
    "create_role",
    "delete_role",
    "get_all_users_of_role",
    "get_role",
    "get_roles",
    "remove_role_from_user",
    "update_role_description",
    "update_role_title",
    "assemble_entity_sets",
    "refresh_data_changes",
  ];
  assert.equal(tutorial.length, 27);
  const camel = (name: string) => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  for (const name of tutorial) {
    assert.equal(typeof OrganizationsApi.prototype[camel(name) as keyof OrganizationsApi], "function", camel(name));
  }
});

for (const [name, call, method, path, contentType] of table) {
  test(`${name} sends ${method} ${path.replace(ORG, "{id}")}`, async () => {
    const { api, sent } = recordingApi();
    await call(api).catch(() => {});
    assert.equal(sent.length, 1);
    assert.deepEqual(
      { method: sent[0]!.method, path: sent[0]!.path, contentType: sent[0]!.contentType },
      { method, path, contentType },
    );
  });
}

test("text/plain bodies are raw strings, not JSON-quoted; a role gets its @class", async () => {
  const { api, sent } = recordingApi();
  await api.updateTitle(ORG, "New title");
  await api
    .createRole({ organizationId: ORG, title: "R", principal: { type: "ROLE", id: `${ORG}|R` } })
    .catch(() => {});
  assert.equal(sent[0]!.body, "New title");
  assert.equal(JSON.parse(sent[1]!.body!)["@class"], "com.openlattice.organization.roles.Role");
});

test("bad arguments are refused before anything is sent, naming the argument", async () => {
  const { api, sent } = recordingApi();
  const bad: [() => Promise<unknown>, RegExp][] = [
    [() => api.getOrganization("279b202f"), /^organizationId must be a UUID, got "279b202f"$/],
    [() => api.getRole(ORG, "x"), /^roleId must be a UUID/],
    [() => api.updateTitle(ORG, " "), /^title must be a non-blank string/],
    [() => api.renameOrganizationDatabase(ORG, "db_1234"), /^name must be 8 to 50 characters long/],
    [() => api.addMember(ORG, ""), /^userId must be a non-blank string/],
    [() => api.setAutoApprovedEmailDomain(ORG, "x.org" as never), /^emailDomains must be an array/],
    [
      () => api.createRole({ organizationId: ORG, title: "R", principal: { type: "USER" as never, id: "x" } }),
      /^role\.principal\.type/,
    ],
    [() => api.assembleEntitySets(ORG, { [SET]: 0 }), /must be whole minutes/],
  ];
  for (const [call, message] of bad)
    await assert.rejects(call(), (e: unknown) => e instanceof InputError && message.test(e.message));
  assert.equal(sent.length, 0);
});

test("updateRoleGrant sends the Grant with its attribute; a grant type the server does not know is refused before sending", async () => {
  const { api, sent } = recordingApi();
  await api.updateRoleGrant(ORG, ROLE, { grantType: "EmailDomain", mappings: ["anyone@example.org"] });
  assert.deepEqual(JSON.parse(sent[0]!.body!), {
    grantType: "EmailDomain",
    mappings: ["anyone@example.org"],
    attribute: "",
  });
  await assert.rejects(
    api.updateRoleGrant(ORG, ROLE, { grantType: "Everyone" as never, mappings: [] }),
    /grant\.grantType/,
  );
  await assert.rejects(api.updateRefreshRate(ORG, SET, 1.5), /minutes/);
  assert.equal(sent.length, 1);
});
