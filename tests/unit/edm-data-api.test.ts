import assert from "node:assert/strict";
import { test } from "node:test";
import { DataApi } from "../../lib/api/data.js";
import { EdmApi } from "../../lib/api/edm.js";
import { InputError } from "../../lib/errors.js";
import type { EntityData, EntityType, PropertyType } from "../../lib/schemas/index.js";
import { camel, fakeClient, JSON_TYPE, type FakeOptions } from "../helpers/fake-client.js";

const SET = "0c8be4b7-0bd5-4dd1-a623-da78871c9d0e";
const TYPE = "5e2762e6-bfac-44c9-808a-97fe75c80ded";
const PROP = "e0c3a4b2-71f5-4d8e-9a36-5b2c8f1d0e93";
const NAME = "6a0d2c41-3b7e-4f59-8e12-7c4d9b0a5f36";
const KEY1 = "9d1f3c52-8a4e-4b7a-9c0e-3f6a2b1d7e44";
const KEY2 = "1d5aa1f4-4d22-46a5-97cd-dcc6820e7ff8";

const fake = (options: FakeOptions = {}) => {
  const { client, sent } = fakeClient(options);
  return { edm: new EdmApi(client), data: new DataApi(client), sent };
};
type Apis = ReturnType<typeof fake>;

const age = { type: { namespace: "demo", name: "age" }, title: "Age", datatype: "Int32" as const };

const table: [string, (a: Apis) => Promise<unknown>, string, string, string?][] = [
  ["createPropertyType", (a) => a.edm.createPropertyType(age), "POST", "/datastore/edm/property/type", JSON_TYPE],
  [
    "addPropertyTypeToEntityType",
    (a) => a.edm.addPropertyTypeToEntityType(TYPE, PROP),
    "PUT",
    `/datastore/edm/entity/type/${TYPE}/${PROP}`,
  ],
  ["getPropertyType", (a) => a.edm.getPropertyType(PROP), "GET", `/datastore/edm/property/type/${PROP}`],
  ["getEntityType", (a) => a.edm.getEntityType(TYPE), "GET", `/datastore/edm/entity/type/${TYPE}`],
  [
    "createEntities",
    (a) => a.data.createEntities(SET, [{ [PROP]: [36] }]),
    "POST",
    `/datastore/data/set/?setId=${SET}`,
    JSON_TYPE,
  ],
];

test("the Python client's names: EdmApi and DataApi calls used here", () => {
  for (const name of [
    "create_property_type",
    "add_property_type_to_entity_type",
    "get_property_type",
    "get_entity_type",
  ]) {
    assert.equal(typeof EdmApi.prototype[camel(name) as keyof EdmApi], "function", camel(name));
  }
  assert.equal(typeof DataApi.prototype.createEntities, "function");
});

for (const [name, call, method, path, contentType] of table) {
  test(`${name} sends ${method} ${path}`, async () => {
    const apis = fake();
    await call(apis).catch(() => {});
    assert.equal(apis.sent.length, 1);
    const s = apis.sent[0]!;
    assert.deepEqual({ method: s.method, path: s.path, contentType: s.contentType }, { method, path, contentType });
  });
}

test("createPropertyType sends the property type with its defaults and returns the new id", async () => {
  const { edm, sent } = fake({ answer: PROP });
  assert.equal(await edm.createPropertyType(age), PROP);
  assert.equal(await edm.createPropertyType({ ...age, description: "In years", multiValued: true }), PROP);
  assert.deepEqual(
    sent.map((s) => JSON.parse(s.body!)),
    [
      { ...age, description: "", multiValued: false },
      { ...age, description: "In years", multiValued: true },
    ],
  );
});

test("createEntities sends the entities as a JSON array and returns their entity key ids", async () => {
  const { data, sent } = fake({ answer: [KEY1, KEY2] });
  const entities: EntityData[] = [{ [NAME]: ["Ada"], [PROP]: [36] }, { [NAME]: ["Grace", "G."] }];
  assert.deepEqual(await data.createEntities(SET, entities), [KEY1, KEY2]);
  assert.deepEqual(JSON.parse(sent[0]!.body!), entities);
});

test("answers are parsed: a property type, an entity type; an empty answer for the PUT", async () => {
  const propertyType: PropertyType = { id: PROP, ...age, description: "", multiValued: false };
  const entityType: EntityType = {
    id: TYPE,
    type: { namespace: "demo", name: "person" },
    title: "Person",
    description: "",
    key: [NAME],
    properties: [NAME, PROP],
  };
  assert.deepEqual(await fake({ answer: propertyType }).edm.getPropertyType(PROP), propertyType);
  assert.deepEqual(await fake({ answer: entityType }).edm.getEntityType(TYPE), entityType);
  assert.equal(await fake().edm.addPropertyTypeToEntityType(TYPE, PROP), undefined);
});

test("bad arguments are refused before anything is sent, naming the argument", async () => {
  const { edm, data, sent } = fake();
  const bad: [() => Promise<unknown>, RegExp][] = [
    [() => edm.createPropertyType(null as never), /^propertyType must be an object/],
    [() => edm.createPropertyType({ ...age, title: " " }), /^propertyType\.title must be a non-blank string/],
    [
      () => edm.createPropertyType({ ...age, datatype: "int" as never }),
      /^propertyType\.datatype must be one of String, Int16, Int32, Int64, Double, Boolean, Date, DateTimeOffset, GeographyPoint, got "int"$/,
    ],
    [() => edm.createPropertyType({ title: "Age", datatype: "Int32" } as never), /^propertyType\.type is required/],
    [
      () => edm.createPropertyType({ ...age, type: { namespace: "", name: "age" } }),
      /^propertyType\.type\.namespace must be a non-blank string/,
    ],
    [
      () => edm.createPropertyType({ ...age, multiValued: "yes" as never }),
      /^propertyType\.multiValued must be a boolean/,
    ],
    [() => edm.addPropertyTypeToEntityType("x", PROP), /^entityTypeId must be a UUID/],
    [() => edm.addPropertyTypeToEntityType(TYPE, "x"), /^propertyTypeId must be a UUID/],
    [() => edm.getPropertyType("x"), /^propertyTypeId must be a UUID/],
    [() => edm.getEntityType("x"), /^entityTypeId must be a UUID/],
    [() => data.createEntities("x", []), /^entitySetId must be a UUID/],
    [() => data.createEntities(SET, { [PROP]: [1] } as never), /^entities must be an array/],
    [
      () => data.createEntities(SET, [{ [PROP]: [1] }, null as never]),
      /^entities\[1\] must be \{propertyTypeId: \[values\]\}/,
    ],
    [() => data.createEntities(SET, [{ "demo.age": [1] }]), /^entities\[0\] key must be a UUID, got "demo\.age"$/],
    [
      () => data.createEntities(SET, [{ [PROP]: 36 as never }]),
      /^entities\[0\]\[e0c3a4b2-71f5-4d8e-9a36-5b2c8f1d0e93\] must be an array of values/,
    ],
  ];
  for (const [call, message] of bad) {
    await assert.rejects(call(), (e: unknown) => e instanceof InputError && message.test(e.message), message.source);
  }
  assert.equal(sent.length, 0);
});
