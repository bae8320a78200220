import assert from "node:assert/strict";
import { test } from "node:test";
import { DatasetApi } from "../../lib/api/dataset.js";
import { InputError, ResponseValidationError } from "../../lib/errors.js";
import { fakeClient, type FakeOptions } from "../helpers/fake-client.js";

const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const TABLE = "0c8be4b7-0bd5-4dd1-a623-da78871c9d0e";
const COLUMN = "6a0d2c41-3b7e-4f59-8e12-7c4d9b0a5f36";
const D = `/datastore/organization-database/${ORG}`;

const fake = (options: FakeOptions = {}) => {
  const { client, sent } = fakeClient(options);
  return { api: new DatasetApi(client), sent };
};

const table = {
  id: TABLE,
  name: "visits",
  title: "visits",
  description: "",
  organizationId: ORG,
  oid: 16_400,
  schema: "staging",
};
const column = {
  id: COLUMN,
  name: "person",
  title: "person",
  description: "",
  tableId: TABLE,
  organizationId: ORG,
  datatype: "text",
  primaryKey: false,
  ordinalPosition: 2,
};

test("lattice-js's DataSetsApi calls are present under its names", () => {
  for (const name of ["getOrganizationDataSets", "getOrganizationDataSet", "getOrganizationDataSetData"]) {
    assert.equal(typeof DatasetApi.prototype[name as keyof DatasetApi], "function", name);
  }
});

test("each call sends its GET, and answers are validated", async () => {
  const calls: [(api: DatasetApi) => Promise<unknown>, string, unknown][] = [
    [
      (a) => a.getOrganizationDataSets(ORG),
      `${D}/external-database-table/external-database-column`,
      [{ table, columns: [column] }],
    ],
    [(a) => a.getOrganizationDataSets(ORG, { columns: false }), `${D}/external-database-table`, [table]],
    [
      (a) => a.getOrganizationDataSet(ORG, TABLE),
      `${D}/${TABLE}/external-database-table/external-database-column`,
      { table, columns: [column] },
    ],
    [(a) => a.getOrganizationDataSetData(ORG, TABLE), `${D}/${TABLE}/10/data`, { [COLUMN]: ["Ann", null] }],
    [(a) => a.getOrganizationDataSetData(ORG, TABLE, 3), `${D}/${TABLE}/3/data`, { [COLUMN]: ["Ann"] }],
  ];
  for (const [call, path, answer] of calls) {
    const { api, sent } = fake({ answer });
    assert.deepEqual(await call(api), answer);
    assert.deepEqual(
      sent.map((s) => [s.method, s.path]),
      [["GET", path]],
    );
  }
  const { api } = fake({ answer: [{ table: { ...table, id: 7 }, columns: [] }] });
  await assert.rejects(api.getOrganizationDataSets(ORG), ResponseValidationError);
});

test("bad arguments are refused before sending, naming the argument", async () => {
  const { api, sent } = fake();
  await assert.rejects(
    api.getOrganizationDataSets("not-a-uuid"),
    (e: unknown) => e instanceof InputError && /organizationId/.test(e.message),
  );
  await assert.rejects(
    api.getOrganizationDataSet(ORG, "x"),
    (e: unknown) => e instanceof InputError && /tableId/.test(e.message),
  );
  for (const count of [0, -1, 2.5, Number.NaN]) {
    await assert.rejects(
      api.getOrganizationDataSetData(ORG, TABLE, count),
      (e: unknown) => e instanceof InputError && /count must be a positive integer/.test(e.message),
    );
  }
  assert.equal(sent.length, 0);
});
