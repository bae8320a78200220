import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ApiClient } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { OpenLattice } from "../../lib/connect.js";
import { InputError } from "../../lib/errors.js";
import { type DbSnapshot, takeSnapshot } from "../helpers/db-snapshot.js";
import { recordingFetch } from "../helpers/fake-client.js";
import { type Fixture, fillFixture, makeFixture } from "../helpers/fixture.js";
import { errorOf, type RawAnswer, sendRaw } from "../helpers/raw-http.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { BAD_REQUESTS, type BadRequest, type Endpoint } from "./bad-requests.js";

// Every malformed request of the corpus gets its expected status in the error-body shape, the sandbox answers
// a health call after each, and nothing in PostgreSQL changes; entries marked `client` are refused by the
// client before anything is sent.

const ENDPOINTS: Endpoint[] = [
  "organizations",
  "members",
  "roles",
  "grants",
  "principals",
  "permissions",
  "authorizations",
  "entity-sets",
  "data",
  "edm",
  "assembly",
  "organization-database",
];
const CODES: Record<string, number> = {
  illegalArgument: 400,
  unauthorized: 401,
  forbidden: 403,
  resourceNotFound: 404,
  methodNotAllowed: 405,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  illegalState: 500,
  otherError: 500,
};

let sandbox: TestSandbox;
let fx: Fixture;
let snapshotBefore: DbSnapshot;

before(async () => {
  sandbox = await startTestSandbox();
  fx = await makeFixture(sandbox, `Corpus${Date.now()}`);
  snapshotBefore = await takeSnapshot(sandbox.superuser);
});
after(async () => {
  await sandbox?.stop();
});

const fill = (text: string) => fillFixture(fx, text);

function fillDeep(value: unknown): unknown {
  if (typeof value === "string") return fill(value);
  if (Array.isArray(value)) return value.map(fillDeep);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [fill(k), fillDeep(v)]));
  return value;
}

/** Sends the entry byte for byte, as its caller. */
function send(entry: BadRequest): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...entry.headers };
  const caller = entry.as ?? "owner";
  if (caller !== "none") headers.Authorization = `Bearer ${sandbox.token(caller)}`;
  const body = entry.body === undefined ? undefined : Buffer.from(fill(entry.body));
  return sendRaw(sandbox.url, { method: entry.method, path: fill(entry.path), headers, body, chunked: entry.chunked });
}

/** The error-body shape, with the entry's type and code (and message part). */
function assertErrorBody(answer: RawAnswer, entry: BadRequest) {
  const error = errorOf(answer);
  assert.deepEqual(error.error, { type: entry.type, code: CODES[entry.type] });
  if (entry.message)
    assert.ok(error.message.includes(fill(entry.message)), `message ${JSON.stringify(error.message.slice(0, 300))}`);
}

/** The client call of a `client` entry, on a fetch that only counts: it must throw InputError and send nothing. */
async function assertClientRefuses(spec: NonNullable<BadRequest["client"]>) {
  const host = "http://127.0.0.1:9";
  const { fetch, sent } = recordingFetch(host);
  const configuration = new Configuration({ host, accessToken: sandbox.token("owner") });
  const ol = new OpenLattice(new ApiClient(configuration, { fetch, maxRetries: 0 }));
  const [api, call, ...args] = spec;
  const target = ol[api] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  assert.equal(typeof target[call], "function", `${api}.${call} exists`);
  await assert.rejects(async () => target[call]!(...(fillDeep(args) as unknown[])), InputError);
  assert.equal(sent.length, 0, `${api}.${call} sent nothing`);
}

describe("the bad-input corpus", () => {
  test("covers every endpoint with at least 80 requests", (t) => {
    const counts: Record<string, number> = {};
    for (const entry of BAD_REQUESTS) counts[entry.endpoint] = (counts[entry.endpoint] ?? 0) + 1;
    t.diagnostic(
      `${BAD_REQUESTS.length} requests (${BAD_REQUESTS.filter((e) => e.client).length} also through the client): ${JSON.stringify(counts)}`,
    );
    assert.ok(BAD_REQUESTS.length >= 80);
    for (const endpoint of ENDPOINTS) assert.ok(counts[endpoint], `no entry for ${endpoint}`);
  });

  for (const entry of BAD_REQUESTS) {
    test(`${entry.endpoint}: ${entry.name} → ${entry.status} ${entry.type}${entry.client ? " (client refuses)" : ""}`, async () => {
      const answer = await send(entry);
      assert.equal(answer.status, entry.status, answer.text.slice(0, 300));
      assertErrorBody(answer, entry);
      const health = await send({
        endpoint: "router",
        name: "health",
        method: "GET",
        path: "/datastore/organizations/metadata",
        status: 200,
        type: "",
      });
      assert.equal(health.status, 200, "the sandbox still answers");
      if (entry.client) await assertClientRefuses(entry.client);
    });
  }

  test("nothing changed in the control database, the cluster or any organization's database", async () => {
    assert.deepEqual(await takeSnapshot(sandbox.superuser), snapshotBefore);
  });
});
