import assert from "node:assert/strict";
import { test } from "node:test";
import { EntitySetsApi } from "../../lib/api/entity-sets.js";
import { InputError, NotFoundError } from "../../lib/errors.js";
import type { EntitySet, PropertyType } from "../../lib/schemas/index.js";
import { camel, fakeClient, JSON_TYPE, type FakeOptions } from "../helpers/fake-client.js";

const SET = "0c8be4b7-0bd5-4dd1-a623-da78871c9d0e";
const OTHER = "6a0d2c41-3b7e-4f59-8e12-7c4d9b0a5f36";
const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const TYPE = "5e2762e6-bfac-44c9-808a-97fe75c80ded";
const PROP = "e0c3a4b2-71f5-4d8e-9a36-5b2c8f1d0e93";
const E = "/datastore/entity-sets";

const fake = (options: FakeOptions = {}) => {
  const { client, sent } = fakeClient(options);
  return { api: new EntitySetsApi(client), sent };
};

const table: [string, (api: EntitySetsApi) => Promise<unknown>, string, string, string?][] = [
  ["getEntitySetId", (a) => a.getEntitySetId("DemoPatients"), "GET", `${E}/ids/DemoPatients`],
  ["getEntitySetIds", (a) => a.getEntitySetIds(["DemoPatients"]), "POST", `${E}/ids`, JSON_TYPE],
  ["getEntitySetsByName", (a) => a.getEntitySetsByName(["DemoPatients"]), "POST", `${E}/by-name`, JSON_TYPE],
  ["getEntitySetsById", (a) => a.getEntitySetsById([SET]), "POST", `${E}/by-id`, JSON_TYPE],
  ["getEntitySet", (a) => a.getEntitySet(SET), "GET", `${E}/all/${SET}`],
  ["getAllEntitySets", (a) => a.getAllEntitySets(), "GET", E],
  ["getPropertyTypesOfEntitySet", (a) => a.getPropertyTypesOfEntitySet(SET), "GET", `${E}/all/${SET}/properties`],
  ["getPropertyTypesForEntitySet", (a) => a.getPropertyTypesForEntitySet(SET), "GET", `${E}/all/${SET}/properties`],
];

test("the Python client's EntitySetsApi calls used here are present under their camelCased names", () => {
  const python = [
    "get_entity_set_id",
    "get_entity_set_ids",
    "get_entity_set",
    "get_all_entity_sets",
    "get_property_types_for_entity_set",
  ];
  for (const name of python)
    assert.equal(typeof EntitySetsApi.prototype[camel(name) as keyof EntitySetsApi], "function", camel(name));
});

for (const [name, call, method, path, contentType] of table) {
  test(`${name} sends ${method} ${path.replace(SET, "{id}")}`, async () => {
    const { api, sent } = fake();
    await call(api).catch(() => {});
    assert.equal(sent.length, 1);
    assert.deepEqual(
      { method: sent[0]!.method, path: sent[0]!.path, contentType: sent[0]!.contentType },
      { method, path, contentType },
    );
  });
}

test("bodies are the names or ids as a JSON array; a name is URL-encoded in the path", async () => {
  const { api, sent } = fake();
  await api.getEntitySetIds(["DemoPatients", "Demo Visits"]).catch(() => {});
  await api.getEntitySetsByName(["DemoPatients"]).catch(() => {});
  await api.getEntitySetsById([SET, OTHER]).catch(() => {});
  await api.getEntitySetId("Demo Patients/2024|ü").catch(() => {});
  assert.deepEqual(
    sent.slice(0, 3).map((s) => JSON.parse(s.body!)),
    [["DemoPatients", "Demo Visits"], ["DemoPatients"], [SET, OTHER]],
  );
  assert.equal(sent[3]!.path, `${E}/ids/Demo%20Patients%2F2024%7C%C3%BC`);
  assert.equal(sent[3]!.body, undefined);
});

test("bad arguments are refused before anything is sent, naming the argument", async () => {
  const { api, sent } = fake();
  const bad: [() => Promise<unknown>, RegExp][] = [
    [() => api.getEntitySetId(""), /^name must be a non-blank string/],
    [() => api.getEntitySetId(".."), /^name cannot be sent in a URL path/],
    [() => api.getEntitySetIds("DemoPatients" as never), /^names must be an array of non-blank strings/],
    [() => api.getEntitySetsByName(["ok", " "]), /^names must be an array of non-blank strings/],
    [() => api.getEntitySetsById(SET as never), /^ids must be an array of UUIDs/],
    [() => api.getEntitySetsById([SET, "abc"]), /^ids\[1\] must be a UUID, got "abc"$/],
    [() => api.getEntitySet("abc"), /^entitySetId must be a UUID/],
    [() => api.getPropertyTypesOfEntitySet(undefined as never), /^entitySetId must be a UUID/],
  ];
  for (const [call, message] of bad) {
    await assert.rejects(call(), (e: unknown) => e instanceof InputError && message.test(e.message), message.source);
  }
  assert.equal(sent.length, 0);
});

const entitySet: EntitySet = {
  id: SET,
  entityTypeId: TYPE,
  name: "DemoPatients",
  title: "Demo patients",
  description: "",
  contacts: ["owner@example.org"],
  linkedEntitySets: [],
  organizationId: ORG,
  flags: [],
};
const propertyType: PropertyType = {
  id: PROP,
  type: { namespace: "demo", name: "age" },
  title: "Age",
  description: "",
  datatype: "Int32",
  multiValued: false,
};

test("answers are parsed: an id, {name: id}, {name or id: EntitySet}, property types by id", async () => {
  assert.equal(await fake({ answer: SET }).api.getEntitySetId("DemoPatients"), SET);
  assert.deepEqual(await fake({ answer: { DemoPatients: SET } }).api.getEntitySetIds(["DemoPatients"]), {
    DemoPatients: SET,
  });
  assert.deepEqual(await fake({ answer: { DemoPatients: entitySet } }).api.getEntitySetsByName(["DemoPatients"]), {
    DemoPatients: entitySet,
  });
  assert.deepEqual(await fake({ answer: { [SET]: entitySet } }).api.getEntitySetsById([SET]), { [SET]: entitySet });
  assert.deepEqual(await fake({ answer: entitySet }).api.getEntitySet(SET), entitySet);
  assert.deepEqual(await fake({ answer: [entitySet] }).api.getAllEntitySets(), [entitySet]);
  assert.deepEqual(await fake({ answer: { [PROP]: propertyType } }).api.getPropertyTypesOfEntitySet(SET), {
    [PROP]: propertyType,
  });
});

test("an unknown name is the server's 404, a NotFoundError", async () => {
  const body = {
    errors: [{ error: { type: "resourceNotFound", code: 404 }, message: "Entity Set Nope does not exists." }],
  };
  await assert.rejects(fake({ answer: { status: 404, body } }).api.getEntitySetId("Nope"), NotFoundError);
});
