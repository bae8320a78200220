import assert from "node:assert/strict";
import { test } from "node:test";
import { grantPermissions, revokePermissions, setPermissions } from "../../lib/api/acl-data.js";
import { AuthorizationsApi } from "../../lib/api/authorizations.js";
import { PermissionsApi } from "../../lib/api/permissions.js";
import { InputError } from "../../lib/errors.js";
import type { Acl, AclData } from "../../lib/schemas/index.js";
import { camel, fakeClient, JSON_TYPE, type FakeOptions } from "../helpers/fake-client.js";

const SET = "0c8be4b7-0bd5-4dd1-a623-da78871c9d0e";
const PROP = "e0c3a4b2-71f5-4d8e-9a36-5b2c8f1d0e93";
const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const P = "/datastore/permissions";
const analyst = { type: "ROLE" as const, id: `${ORG}|Analyst` };
const sam = { type: "USER" as const, id: "google-oauth2|104729384756102938475" };

const fake = (options: FakeOptions = {}) => {
  const { client, sent } = fakeClient(options);
  return { api: new PermissionsApi(client), sent };
};

const change: AclData = {
  action: "ADD",
  acl: { aclKey: [SET], aces: [{ principal: analyst, permissions: ["READ"] }] },
};

const table: [string, (api: PermissionsApi) => Promise<unknown>, string, string, string][] = [
  ["updateAcl", (a) => a.updateAcl(change), "PATCH", P, JSON_TYPE],
  ["updateAcls", (a) => a.updateAcls([change]), "PATCH", `${P}/update`, JSON_TYPE],
  ["getAcl", (a) => a.getAcl([SET]), "POST", P, JSON_TYPE],
  ["getAcls", (a) => a.getAcls([[SET], [SET, PROP]]), "POST", `${P}/bulk`, JSON_TYPE],
  ["getAclExplanation", (a) => a.getAclExplanation([SET, PROP]), "POST", `${P}/explain`, JSON_TYPE],
];

test("the Python client's PermissionsApi calls (and the tutorial's update_acls) are here under their camelCased names", () => {
  for (const name of ["get_acl", "update_acl", "update_acls"]) {
    assert.equal(typeof PermissionsApi.prototype[camel(name) as keyof PermissionsApi], "function", camel(name));
  }
});

for (const [name, call, method, path, contentType] of table) {
  test(`${name} sends ${method} ${path}`, async () => {
    const { api, sent } = fake();
    await call(api).catch(() => {});
    assert.equal(sent.length, 1);
    assert.deepEqual(
      { method: sent[0]!.method, path: sent[0]!.path, contentType: sent[0]!.contentType },
      { method, path, contentType },
    );
  });
}

test("bodies: the AclData as the server reads it (unknown keys dropped), the acl key arrays", async () => {
  const { api, sent } = fake();
  const extra = {
    action: "SET",
    note: "x",
    acl: {
      aclKey: [SET, PROP],
      aces: [{ principal: { ...sam, title: "Sam" }, permissions: [], expiration: "2030-01-01T00:00:00Z" }],
    },
  };
  await api.updateAcl(extra as never);
  await api.updateAcls([change, grantPermissions([SET], sam, ["READ", "WRITE"])]);
  await api.getAcl([SET, PROP]).catch(() => {});
  await api.getAcls([[SET], [SET, PROP]]).catch(() => {});
  assert.deepEqual(
    sent.map((s) => JSON.parse(s.body!)),
    [
      {
        action: "SET",
        acl: { aclKey: [SET, PROP], aces: [{ principal: sam, permissions: [], expiration: "2030-01-01T00:00:00Z" }] },
      },
      [change, { action: "ADD", acl: { aclKey: [SET], aces: [{ principal: sam, permissions: ["READ", "WRITE"] }] } }],
      [SET, PROP],
      [[SET], [SET, PROP]],
    ],
  );
});

test("grantPermissions, revokePermissions and setPermissions build ADD, REMOVE and SET, one ace per principal", () => {
  assert.deepEqual(grantPermissions([SET], analyst, ["READ"]), change);
  assert.deepEqual(revokePermissions([SET, PROP], [analyst, sam], ["WRITE", "OWNER"]), {
    action: "REMOVE",
    acl: {
      aclKey: [SET, PROP],
      aces: [
        { principal: analyst, permissions: ["WRITE", "OWNER"] },
        { principal: sam, permissions: ["WRITE", "OWNER"] },
      ],
    },
  });
  assert.deepEqual(setPermissions([ORG], sam, []), {
    action: "SET",
    acl: { aclKey: [ORG], aces: [{ principal: sam, permissions: [] }] },
  });
});

test("REQUEST is refused before sending, saying the server rejects it", async () => {
  const { api, sent } = fake();
  const request = { ...change, action: "REQUEST" as const };
  await assert.rejects(
    api.updateAcl(request),
    (e: unknown) =>
      e instanceof InputError && /^aclData\.action cannot be REQUEST: the server rejects it/.test(e.message),
  );
  await assert.rejects(
    api.updateAcls([change, request]),
    (e: unknown) => e instanceof InputError && /^aclData\[1\]\.action cannot be REQUEST/.test(e.message),
  );
  assert.equal(sent.length, 0);
});

test("bad arguments are refused before anything is sent, naming the argument", async () => {
  const { api, sent } = fake();
  const withAcl = (acl: unknown) => ({ action: "ADD", acl }) as never;
  const bad: [() => Promise<unknown>, RegExp][] = [
    [() => api.getAcl([]), /^aclKey must be a non-empty array of UUIDs/],
    [() => api.getAcl(SET as never), /^aclKey must be a non-empty array of UUIDs/],
    [() => api.getAcl([SET, "abc"]), /^aclKey\[1\] must be a UUID, got "abc"$/],
    [() => api.getAcls([SET] as never), /^aclKeys\[0\] must be a non-empty array of UUIDs/],
    [() => api.getAcls("x" as never), /^aclKeys must be an array of acl keys/],
    [() => api.updateAcl(null as never), /^aclData must be \{action, acl: \{aclKey, aces\}\}/],
    [
      () => api.updateAcl({ ...change, action: "DELETE" } as never),
      /^aclData\.action must be one of ADD, REMOVE, SET, got "DELETE"$/,
    ],
    [() => api.updateAcl({ action: "ADD" } as never), /^aclData\.acl must be \{aclKey, aces\}/],
    [
      () => api.updateAcl(withAcl({ aclKey: [], aces: [] })),
      /^aclData\.acl\.aclKey must be a non-empty array of UUIDs/,
    ],
    [() => api.updateAcl(withAcl({ aclKey: [SET] })), /^aclData\.acl\.aces must be an array/],
    [
      () => api.updateAcl(withAcl({ aclKey: [SET], aces: [{ principal: analyst, permissions: ["read"] }] })),
      /^aclData\.acl\.aces\[0\]\.permissions\[0\] must be one of DISCOVER, MATERIALIZE, LINK, READ, WRITE, OWNER, INTEGRATE, got "read"$/,
    ],
    [
      () =>
        api.updateAcl(withAcl({ aclKey: [SET], aces: [{ principal: { type: "PERSON", id: "x" }, permissions: [] }] })),
      /^aclData\.acl\.aces\[0\]\.principal\.type must be one of/,
    ],
    [
      () =>
        api.updateAcl(withAcl({ aclKey: [SET], aces: [{ principal: { type: "USER", id: " " }, permissions: [] }] })),
      /^aclData\.acl\.aces\[0\]\.principal\.id must be a non-blank string/,
    ],
    [() => api.updateAcls(change as never), /^aclData must be an array/],
  ];
  for (const [call, message] of bad) {
    await assert.rejects(call(), (e: unknown) => e instanceof InputError && message.test(e.message), message.source);
  }
  assert.equal(sent.length, 0);
});

test("the builders check their arguments too", () => {
  const refused = (message: RegExp) => (e: unknown) => e instanceof InputError && message.test(e.message);
  assert.throws(() => grantPermissions([], analyst, ["READ"]), refused(/^aclKey must be a non-empty array of UUIDs/));
  assert.throws(
    () => grantPermissions([SET], analyst, []),
    refused(/^permissions must name at least one permission to ADD/),
  );
  assert.throws(
    () => revokePermissions([SET], [], ["READ"]),
    refused(/^principal must be a principal \{type, id\} or a non-empty array/),
  );
  assert.throws(
    () => grantPermissions([SET], [analyst, { type: "ROLE", id: "" }], ["READ"]),
    refused(/^principal\[1\]\.id must be a non-blank string/),
  );
  assert.throws(
    () => setPermissions([SET], sam, ["Read" as never]),
    refused(/^permissions\[0\] must be one of DISCOVER/),
  );
});

test("Acls are parsed", async () => {
  const acl: Acl = {
    aclKey: [SET],
    aces: [{ principal: analyst, permissions: ["READ"], expiration: "+999999999-12-31T23:59:59.999999999Z" }],
  };
  assert.deepEqual(await fake({ answer: acl }).api.getAcl([SET]), acl);
  assert.deepEqual(await fake({ answer: [acl] }).api.getAcls([[SET]]), [acl]);
  assert.equal(await fake().api.updateAcl(change), undefined);
});

test("getAuthorizations posts the checks to /datastore/authorizations; malformed ones are refused before sending", async () => {
  const { client, sent } = fakeClient({});
  const api = new AuthorizationsApi(client);
  await api.getAuthorizations([{ aclKey: [SET, PROP], permissions: ["READ", "WRITE"] }]).catch(() => {});
  assert.deepEqual(
    { method: sent[0]!.method, path: sent[0]!.path, contentType: sent[0]!.contentType },
    { method: "POST", path: "/datastore/authorizations", contentType: JSON_TYPE },
  );
  assert.deepEqual(JSON.parse(sent[0]!.body!), [{ aclKey: [SET, PROP], permissions: ["READ", "WRITE"] }]);
  await assert.rejects(api.getAuthorizations([{ aclKey: ["x"], permissions: ["READ"] }]), InputError);
  await assert.rejects(api.getAuthorizations([{ aclKey: [SET], permissions: ["ROOT" as never] }]), InputError);
  assert.equal(sent.length, 1);
});
