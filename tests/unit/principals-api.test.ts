import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";
import { PrincipalsApi } from "../../lib/api/principals.js";
import { currentUser, findUserByEmail, rolesInOrganization } from "../../lib/api/users.js";
import { InputError, MissingTokenError, OpenLatticeError, ResponseValidationError } from "../../lib/errors.js";
import type { OrganizationMember, SecurablePrincipal, UserProfile } from "../../lib/schemas/index.js";
import { fakeClient } from "../helpers/fake-client.js";
import { testJwt } from "../helpers/tokens.js";
const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const OTHER_ORG = "9d1f3c52-8a4e-4b7a-9c0e-3f6a2b1d7e44";
const ROLE = "5e2762e6-bfac-44c9-808a-97fe75c80ded";
// `|`, `/`, a space and non-ASCII letters, as in an enterprise (SAML) login id.
const USER = "samlp|Städtische Werke/HR|jürgen@stadtwerke.de";
const USER_PATH = "samlp%7CSt%C3%A4dtische%20Werke%2FHR%7Cj%C3%BCrgen%40stadtwerke.de";
const P = "/datastore/principals";

/** Records what the client sends and answers every call with `answer` (JSON) and `status`; no answer = empty body. */
function fakeApi(options: { answer?: unknown; status?: number; sub?: string; token?: string } = {}) {
  const answer = options.status === undefined ? options.answer : { status: options.status, body: options.answer };
  const accessToken = options.token ?? testJwt({ sub: options.sub ?? "auth0|me" });
  const { client, sent } = fakeClient({ answer, accessToken });
  return { api: new PrincipalsApi(client), sent };
}

const JSON_TYPE = "application/json";

const table: [string, (api: PrincipalsApi) => Promise<unknown>, string, string, string?][] = [
  ["getSecurablePrincipal", (a) => a.getSecurablePrincipal({ type: "USER", id: USER }), "POST", P, JSON_TYPE],
  ["getAllUsers", (a) => a.getAllUsers(), "GET", `${P}/users`],
  ["getUser", (a) => a.getUser(USER), "GET", `${P}/users/${USER_PATH}`],
  ["getUsers", (a) => a.getUsers([USER]), "POST", `${P}/users`, JSON_TYPE],
  [
    "searchUsers by email",
    (a) => a.searchUsers({ email: "sam.patel@example.org" }),
    "POST",
    `${P}/users/search`,
    JSON_TYPE,
  ],
  ["searchUsers by name", (a) => a.searchUsers({ name: "Sam" }), "POST", `${P}/users/search`, JSON_TYPE],
  [
    "searchAllUsersByEmail",
    (a) => a.searchAllUsersByEmail("sam.patel@example.org"),
    "POST",
    `${P}/users/search`,
    JSON_TYPE,
  ],
  ["syncCallingUser", (a) => a.syncCallingUser(), "GET", `${P}/sync`],
  ["getAvailableRoles", (a) => a.getAvailableRoles(), "GET", `${P}/roles`],
  ["getCurrentRoles", (a) => a.getCurrentRoles(), "GET", `${P}/roles/current`],
  ["getMaterializedViewAccount", (a) => a.getMaterializedViewAccount(), "GET", `${P}/db`],
  ["regenerateCredential", (a) => a.regenerateCredential(), "POST", `${P}/db/credential`],
  ["currentUser (helper)", (a) => currentUser(a), "GET", `${P}/users/${USER_PATH}`],
  [
    "findUserByEmail (helper)",
    (a) => findUserByEmail(a, "sam.patel@example.org"),
    "POST",
    `${P}/users/search`,
    JSON_TYPE,
  ],
];

test("the Python client's PrincipalApi calls are here under their camelCased names", () => {
  // python/openlattice/api/principal_api.py; its search_all_users (GET …/users/search/{q}, deprecated) is left out.
  const python = [
    "get_all_users",
    "get_current_roles",
    "get_materialized_view_account",
    "get_user",
    "search_all_users_by_email",
    "sync_calling_user",
  ];
  const camel = (name: string) => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  for (const name of python) {
    assert.equal(typeof PrincipalsApi.prototype[camel(name) as keyof PrincipalsApi], "function", camel(name));
  }
});

for (const [name, call, method, path, contentType] of table) {
  test(`${name} sends ${method} ${path}`, async () => {
    const { api, sent } = fakeApi({ sub: USER });
    await call(api).catch(() => {});
    assert.equal(sent.length, 1);
    assert.deepEqual(
      { method: sent[0]!.method, path: sent[0]!.path, contentType: sent[0]!.contentType },
      { method, path, contentType },
    );
  });
}

test("bodies: the principal as {type, id}, the user ids as an array, only the search field given", async () => {
  const { api, sent } = fakeApi();
  const extra = { type: "ROLE" as const, id: `${ORG}|Analyst`, title: "ignored" };
  await api.getSecurablePrincipal(extra).catch(() => {});
  await api.getUsers([USER, "auth0|5e39a1c7d2f84a0012b3c402"]).catch(() => {});
  await api.searchUsers({ email: "sam.patel@example.org", name: undefined }).catch(() => {});
  await api.searchUsers({ name: "Patel" }).catch(() => {});
  assert.deepEqual(
    sent.map((s) => JSON.parse(s.body!)),
    [
      { type: "ROLE", id: `${ORG}|Analyst` },
      [USER, "auth0|5e39a1c7d2f84a0012b3c402"],
      { email: "sam.patel@example.org" },
      { name: "Patel" },
    ],
  );
});

test("bad arguments are refused before anything is sent, naming the argument", async () => {
  const { api, sent } = fakeApi();
  const bad: [() => Promise<unknown>, RegExp][] = [
    [() => api.getUser(""), /^userId must be a non-blank string/],
    [() => api.getUser(" "), /^userId must be a non-blank string/],
    [() => api.getUser(42 as never), /^userId must be a non-blank string/],
    [() => api.getUsers(USER as never), /^userIds must be an array of non-blank strings/],
    [() => api.getUsers([USER, ""]), /^userIds must be an array of non-blank strings/],
    [() => api.getSecurablePrincipal(null as never), /^principal must be \{type, id\}/],
    [
      () => api.getSecurablePrincipal({ type: "PERSON" as never, id: "x" }),
      /^principal\.type must be one of GROUP, ORGANIZATION, ROLE, USER, APP/,
    ],
    [() => api.getSecurablePrincipal({ type: "USER", id: " " }), /^principal\.id must be a non-blank string/],
    [() => api.searchUsers({ email: "a@b.org", name: "A" } as never), /^fields may have only one of "email", "name"/],
    [() => api.searchUsers({} as never), /^fields needs one of "email", "name"/],
    [() => api.searchUsers({ email: undefined, name: undefined } as never), /^fields needs one of "email", "name"/],
    [() => api.searchUsers({ email: "" }), /^fields\.email must be a non-blank string/],
    [() => api.searchUsers({ name: "  " }), /^fields\.name must be a non-blank string/],
    [
      () => api.searchUsers({ email: "a@b.org", nickname: "a" } as never),
      /^fields takes only "email" or "name", not "nickname"$/,
    ],
    [() => api.searchUsers(null as never), /^fields must be \{email\} or \{name\}/],
    [() => api.searchAllUsersByEmail(" "), /^fields\.email must be a non-blank string/],
    [() => findUserByEmail(api, ""), /^email must be a non-blank string/],
    [
      () => findUserByEmail(api, "sam.patel"),
      /^email must be an e-mail address like name@example\.org, got "sam\.patel"$/,
    ],
    [() => findUserByEmail(api, "sam patel@example.org"), /^email must be an e-mail address/],
    [() => findUserByEmail(api, "sam@example"), /^email must be an e-mail address/],
  ];
  for (const [call, message] of bad) {
    await assert.rejects(call(), (e: unknown) => e instanceof InputError && message.test(e.message), message.source);
  }
  const refused = (message: RegExp) => (e: unknown) => e instanceof InputError && message.test(e.message);
  assert.throws(() => rolesInOrganization(member([]), "279b202f"), refused(/^organizationId must be a UUID/));
  assert.throws(() => rolesInOrganization({} as never, ORG), refused(/^member must be an organization member/));
  assert.equal(sent.length, 0);
});

test("currentUser asks for the token's subject and rejects, sending nothing, without a token", async () => {
  const profile = { user_id: USER, email: "jurgen@stadtwerke.de", name: "Jürgen Weiß" };
  const { api, sent } = fakeApi({ sub: USER, answer: profile });
  assert.deepEqual(await currentUser(api), profile);
  assert.equal(sent[0]!.path, `${P}/users/${USER_PATH}`);

  const none = fakeApi({ token: "" });
  await assert.rejects(currentUser(none.api), MissingTokenError);
  assert.equal(none.sent.length, 0);
});

const sam: UserProfile = {
  user_id: "google-oauth2|104729384756102938475",
  email: "sam.patel@example.org",
  name: "Sam Patel",
};

test("findUserByEmail: undefined for no result, the profile for one, the address trimmed and compared without case", async () => {
  const none = fakeApi({ answer: {} });
  assert.equal(await findUserByEmail(none.api, "nobody@example.org"), undefined);
  assert.deepEqual(JSON.parse(none.sent[0]!.body!), { email: "nobody@example.org" });

  const one = fakeApi({ answer: { [sam.user_id]: sam } });
  assert.deepEqual(await findUserByEmail(one.api, " Sam.Patel@Example.org "), sam);
  assert.deepEqual(JSON.parse(one.sent[0]!.body!), { email: "Sam.Patel@Example.org" });
});

test("findUserByEmail ignores near matches and refuses to pick between accounts sharing the address", async () => {
  const longer = { user_id: "auth0|5e39a1c7d2f84a0012b3c4ff", email: "sam.patel@example.org.uk" };
  const near = fakeApi({ answer: { [longer.user_id]: longer } });
  assert.equal(await findUserByEmail(near.api, "sam.patel@example.org"), undefined);

  const twin = { user_id: "auth0|5e39a1c7d2f84a0012b3c4aa", email: "sam.patel@example.org" };
  const both = fakeApi({ answer: { [sam.user_id]: sam, [twin.user_id]: twin } });
  await assert.rejects(
    findUserByEmail(both.api, "sam.patel@example.org"),
    (e: unknown) =>
      e instanceof OpenLatticeError &&
      !(e instanceof InputError) &&
      e.message.includes(sam.user_id) &&
      e.message.includes(twin.user_id),
  );
});

const principal = (type: "ROLE" | "ORGANIZATION" | "USER", id: string) => ({ type, id });
const role = (orgId: string, roleId: string, title: string): SecurablePrincipal => ({
  "@class": "com.openlattice.organization.roles.Role",
  id: roleId,
  organizationId: orgId,
  title,
  description: "",
  principal: principal("ROLE", `${orgId}|${title}`),
  aclKey: [orgId, roleId],
});
const orgPrincipal = (orgId: string, title: string): SecurablePrincipal => ({
  "@class": "com.openlattice.organization.OrganizationPrincipal",
  id: orgId,
  title,
  description: "",
  principal: principal("ORGANIZATION", title.replace(/\W/g, "")),
  aclKey: [orgId],
});
function member(roles: SecurablePrincipal[]): OrganizationMember {
  const id = "e0c3a4b2-71f5-4d8e-9a36-5b2c8f1d0e93";
  return {
    principal: {
      "@class": "com.openlattice.authorization.SecurablePrincipal",
      id,
      title: "sam.patel",
      description: "",
      principal: principal("USER", sam.user_id),
      aclKey: [id],
    },
    profile: sam,
    roles,
  };
}

test("rolesInOrganization keeps the member's roles of that organization, dropping organization principals and other organizations", () => {
  const analyst = role(ORG, ROLE, "Analyst");
  const admin = role(ORG, "0c8be4b7-0bd5-4dd1-a623-da78871c9d0e", "Demo - ADMIN");
  const elsewhere = role(OTHER_ORG, "6a0d2c41-3b7e-4f59-8e12-7c4d9b0a5f36", "Analyst");
  const mixed = [orgPrincipal(OTHER_ORG, "Other Org"), analyst, elsewhere, orgPrincipal(ORG, "Demo Org"), admin];
  assert.deepEqual(rolesInOrganization(member(mixed), ORG), [analyst, admin]);
  assert.deepEqual(rolesInOrganization(member(mixed), ORG.toUpperCase()), [analyst, admin]);
  assert.deepEqual(rolesInOrganization(member(mixed), OTHER_ORG), [elsewhere]);
  assert.deepEqual(rolesInOrganization(member([orgPrincipal(ORG, "Demo Org")]), ORG), []);
});

test("answers are parsed: roles keyed by acl key text, current roles, users keyed by id", async () => {
  const analyst = role(ORG, ROLE, "Analyst");
  const roles = fakeApi({ answer: { [`[${ORG}, ${ROLE}]`]: analyst } });
  assert.deepEqual(await roles.api.getAvailableRoles(), { [`[${ORG}, ${ROLE}]`]: analyst });
  const current = fakeApi({ answer: [analyst, orgPrincipal(ORG, "Demo Org")] });
  assert.equal((await current.api.getCurrentRoles()).length, 2);
  const users = fakeApi({ answer: { [sam.user_id]: sam } });
  assert.deepEqual(await users.api.getUsers([sam.user_id]), { [sam.user_id]: sam });
});

const SECRET = "Zq8vT2mWc4LxR7nB1kJ5hF9dG3sA0";

test("the database login is returned to the caller, and never shown when its answer breaks the schema", async () => {
  const account = { username: "user0042", credential: SECRET };
  assert.deepEqual(await fakeApi({ answer: account }).api.getMaterializedViewAccount(), account);
  assert.deepEqual(await fakeApi({ answer: account }).api.regenerateCredential(), account);

  for (const answer of [
    { ...account, extra: true },
    { username: 42, credential: SECRET },
    { username: "user0042", credential: 123456789 },
  ]) {
    const { api } = fakeApi({ answer });
    for (const call of [() => api.getMaterializedViewAccount(), () => api.regenerateCredential()]) {
      const error = await call().then(
        () => assert.fail("expected a ResponseValidationError"),
        (e: unknown) => e as ResponseValidationError,
      );
      assert.ok(error instanceof ResponseValidationError);
      const shown = [error.message, error.body, JSON.stringify(error), inspect(error, { depth: 5 })].join("\n");
      assert.ok(!shown.includes(SECRET) && !shown.includes("123456789"), shown);
      assert.match(error.body, /"credential":"\[redacted\]"/);
    }
  }
});
