import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { ApiClient, type FetchLike } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { OpenLattice } from "../../lib/connect.js";
import { InputError } from "../../lib/errors.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { type DbSnapshot, takeSnapshot } from "../helpers/db-snapshot.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { BAD_REQUESTS, type BadRequest, type Endpoint } from "./bad-requests.js";

// Every malformed request of the corpus gets its expected status in the error-body shape, the sandbox answers
// a health call after each, and nothing in PostgreSQL changes; entries marked `client` are refused by the
// client before anything is sent.

type Fixture = Record<"org" | "role" | "adminRole" | "sample" | "es" | "pt" | "et" | "missing", string>;
const ENDPOINTS: Endpoint[] = ["organizations", "members", "roles", "grants", "principals", "permissions", "authorizations", "entity-sets", "data", "edm", "assembly", "organization-database"];
const CODES: Record<string, number> = {
  illegalArgument: 400, unauthorized: 401, forbidden: 403, resourceNotFound: 404, methodNotAllowed: 405,
  payloadTooLarge: 413, unsupportedMediaType: 415, illegalState: 500, otherError: 500,
};

let sandbox: TestSandbox;
let fx: Fixture;
let snapshotBefore: DbSnapshot;

before(async () => {
  sandbox = await startTestSandbox();
  fx = await fixture();
  snapshotBefore = await takeSnapshot(sandbox.superuser);
});
after(async () => {
  await sandbox?.stop();
});

async function fixture(): Promise<Fixture> {
  const owner = sandbox.as("owner");
  const name = `Corpus${Date.now()}`;
  const org = await owner.organizations.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
  await owner.organizations.addMember(org, SEEDED_USERS.member.user_id);
  const role = await owner.organizations.createRole({ organizationId: org, title: "Analyst", principal: { type: "ROLE", id: `${org}|Analyst` } });
  const es = await owner.entitySets.getEntitySetId("demo_people");
  return {
    org,
    role,
    adminRole: (await owner.organizations.getOrganization(org)).adminRoleAclKey[1]!,
    sample: SAMPLE_ORGANIZATION.id,
    es,
    pt: await owner.edm.getPropertyTypeId("nc", "PersonGivenName"),
    et: (await owner.entitySets.getEntitySet(es)).entityTypeId,
    missing: "00000000-0000-4000-8000-000000000bad",
  };
}

const fill = (text: string) => text.replace(/\{(org|role|adminRole|sample|es|pt|et|missing)\}/g, (_, key: keyof Fixture) => fx[key]);

function fillDeep(value: unknown): unknown {
  if (typeof value === "string") return fill(value);
  if (Array.isArray(value)) return value.map(fillDeep);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [fill(k), fillDeep(v)]));
  return value;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Sends the entry byte for byte (node:http keeps `..` and encodings in the path as written). */
function send(entry: BadRequest): Promise<Answer> {
  const url = new URL(sandbox.url);
  const body = entry.body === undefined ? undefined : Buffer.from(fill(entry.body));
  const headers: Record<string, string> = { ...entry.headers };
  const caller = entry.as ?? "owner";
  if (caller !== "none") headers.Authorization = `Bearer ${sandbox.token(caller)}`;
  if (body && !entry.chunked) headers["Content-Length"] = String(body.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request({ host: url.hostname, port: url.port, method: entry.method, path: fill(entry.path), headers }, (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    // the server may answer (413) and close before a large body is written; only a failure before that counts
    req.on("error", (error) => !answered && reject(error));
    if (body && entry.chunked) for (let i = 0; i < body.length; i += 65_536) req.write(body.subarray(i, i + 65_536));
    else if (body) req.write(body);
    req.end();
  });
}

/** `{"errors":[{"error":{type,code},"message"}]}` and nothing else. */
function assertErrorBody(answer: Answer, entry: BadRequest) {
  assert.match(String(answer.headers["content-type"]), /^application\/json/);
  assert.ok(answer.headers["x-request-id"], "X-Request-Id");
  const body = JSON.parse(answer.text) as { errors: { error: { type: string; code: number }; message: string }[] };
  assert.deepEqual(Object.keys(body), ["errors"]);
  assert.equal(body.errors.length, 1);
  const [first] = body.errors;
  assert.deepEqual(Object.keys(first!).sort(), ["error", "message"]);
  assert.deepEqual(first!.error, { type: entry.type, code: CODES[entry.type] });
  assert.equal(typeof first!.message, "string");
  if (entry.message) assert.ok(first!.message.includes(fill(entry.message)), `message ${JSON.stringify(first!.message.slice(0, 300))}`);
}

/** The client call of a `client` entry, on a fetch that only counts: it must throw InputError and send nothing. */
async function assertClientRefuses(spec: NonNullable<BadRequest["client"]>) {
  let sent = 0;
  const fetch: FetchLike = async () => {
    sent++;
    return { status: 200, headers: new Headers(), text: async () => "" };
  };
  const configuration = new Configuration({ host: "http://127.0.0.1:9", accessToken: sandbox.token("owner") });
  const ol = new OpenLattice(new ApiClient(configuration, { fetch, maxRetries: 0 }));
  const [api, call, ...args] = spec;
  const target = ol[api] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  assert.equal(typeof target[call], "function", `${api}.${call} exists`);
  await assert.rejects(async () => target[call]!(...(fillDeep(args) as unknown[])), InputError);
  assert.equal(sent, 0, `${api}.${call} sent nothing`);
}

describe("the bad-input corpus", () => {
  test("covers every endpoint with at least 80 requests", (t) => {
    const counts: Record<string, number> = {};
    for (const entry of BAD_REQUESTS) counts[entry.endpoint] = (counts[entry.endpoint] ?? 0) + 1;
    t.diagnostic(`${BAD_REQUESTS.length} requests (${BAD_REQUESTS.filter((e) => e.client).length} also through the client): ${JSON.stringify(counts)}`);
    assert.ok(BAD_REQUESTS.length >= 80);
    for (const endpoint of ENDPOINTS) assert.ok(counts[endpoint], `no entry for ${endpoint}`);
  });

  for (const entry of BAD_REQUESTS) {
    test(`${entry.endpoint}: ${entry.name} → ${entry.status} ${entry.type}${entry.client ? " (client refuses)" : ""}`, async () => {
      const answer = await send(entry);
      assert.equal(answer.status, entry.status, answer.text.slice(0, 300));
      assertErrorBody(answer, entry);
      const health = await send({ endpoint: "router", name: "health", method: "GET", path: "/datastore/organizations/metadata", status: 200, type: "" });
      assert.equal(health.status, 200, "the sandbox still answers");
      if (entry.client) await assertClientRefuses(entry.client);
    });
  }

  test("nothing changed in the control database, the cluster or any organization's database", async () => {
    assert.deepEqual(await takeSnapshot(sandbox.superuser), snapshotBefore);
  });
});
