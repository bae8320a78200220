import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loadSecrets } from "../../sandbox/secrets.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { type DbSnapshot, takeSnapshot } from "../helpers/db-snapshot.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { hmacJwt, jwtPart as b64, sandboxClaims } from "../helpers/tokens.js";

// Forged, expired and foreign tokens are 401 `unauthorized` on every endpoint tried, and change nothing.
// nbf: Auth0 id_tokens carry none, but the sandbox refuses a token whose nbf is still ahead.

let sandbox: TestSandbox;
let secret: string;
let snapshot: DbSnapshot;
before(async () => {
  sandbox = await startTestSandbox();
  secret = loadSecrets(sandbox.dataDir).jwtSecret;
  snapshot = await takeSnapshot(sandbox.superuser);
});
after(async () => {
  await sandbox?.stop();
});

const now = Math.floor(Date.now() / 1000);
const owner = SEEDED_USERS.owner;
const claims = (changes: Record<string, unknown> = {}) => ({ ...sandboxClaims(owner, now, 3600), ...changes });

const HS256 = { alg: "HS256", typ: "JWT" };
const signed = (payload: Record<string, unknown>) => hmacJwt(HS256, payload, secret);

/** Each forged token, built once the sandbox's key is known (several are signed with it, to test one rule only). */
const forgeries = (): [string, string][] => {
  const valid = signed(claims());
  const [header, , signature] = valid.split(".") as [string, string, string];
  return [
    ["signed with another key", hmacJwt(HS256, claims(), "not-the-sandbox-key")],
    ["alg none without a signature", `${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`],
    ["alg None with the right HS256 signature", hmacJwt({ alg: "None", typ: "JWT" }, claims(), secret)],
    ["alg HS512 header with the HS256 signature", hmacJwt({ alg: "HS512", typ: "JWT" }, claims(), secret)],
    [
      "alg HS512 signed with HS512 and the sandbox key",
      hmacJwt({ alg: "HS512", typ: "JWT" }, claims(), secret, "sha512"),
    ],
    ["alg RS256 header with the HS256 signature", hmacJwt({ alg: "RS256", typ: "JWT" }, claims(), secret)],
    ["another issuer (Auth0's)", signed(claims({ iss: "https://openlattice.auth0.com/" }))],
    ["no issuer", signed(claims({ iss: undefined }))],
    ["another audience", signed(claims({ aud: "https://tests.openlattice.com" }))],
    ["an audience list without the sandbox", signed(claims({ aud: ["openlattice", "https://tests.openlattice.com"] }))],
    ["expired a minute ago", signed(claims({ iat: now - 3600, exp: now - 60 }))],
    [
      "an unknown user",
      signed(claims({ sub: "auth0|000000000000000000000000", user_id: "auth0|000000000000000000000000" })),
    ],
    ["no subject", signed(claims({ sub: undefined }))],
    [
      "the admin's claims under the owner's signature",
      `${header}.${b64(claims({ sub: SEEDED_USERS.admin.user_id }))}.${signature}`,
    ],
    ["a truncated signature", valid.slice(0, -6)],
    ["two parts", valid.split(".").slice(0, 2).join(".")],
    ["four parts", `${valid}.x`],
    ["not a JWT", "not-a-jwt"],
    ["a header that is not JSON", `${b64("nope")}.${b64(claims())}.${signature}`],
  ];
};

const SAMPLE = `/datastore/organizations/${SAMPLE_ORGANIZATION.id}`;
const ENDPOINTS: { method: string; path: string; body?: string; contentType?: string }[] = [
  { method: "GET", path: "/datastore/organizations" },
  { method: "GET", path: SAMPLE },
  { method: "PUT", path: `${SAMPLE}/title`, body: "Taken over", contentType: "text/plain" },
  { method: "GET", path: `${SAMPLE}/integration` },
  { method: "DELETE", path: SAMPLE },
  { method: "GET", path: "/datastore/principals/db" },
  { method: "POST", path: "/datastore/principals/users/search", body: '{"name":"a"}', contentType: "application/json" },
  { method: "GET", path: "/datastore/entity-sets" },
  { method: "GET", path: "/sandbox/postgres" },
];

async function call(endpoint: (typeof ENDPOINTS)[number], headers: Record<string, string>) {
  if (endpoint.contentType) headers["Content-Type"] = endpoint.contentType;
  const response = await fetch(`${sandbox.url}${endpoint.path}`, {
    method: endpoint.method,
    headers,
    body: endpoint.body,
  });
  return { status: response.status, text: await response.text() };
}

/** 401 `unauthorized` in the error-body shape, with a message that does not repeat the token. */
async function assertRefused(headers: Record<string, string>, token: string, what: string) {
  for (const endpoint of ENDPOINTS) {
    const answer = await call(endpoint, { ...headers });
    assert.equal(answer.status, 401, `${what}: ${endpoint.method} ${endpoint.path} ${answer.text}`);
    const body = JSON.parse(answer.text) as { errors: { error: { type: string; code: number }; message: string }[] };
    assert.deepEqual(body.errors[0]!.error, { type: "unauthorized", code: 401 }, what);
    if (token.length > 8) assert.ok(!answer.text.includes(token), `${what}: the answer repeats the token`);
  }
}

describe("tokens", () => {
  test("a valid token passes (the control case)", async () => {
    const answer = await call(ENDPOINTS[0]!, { Authorization: `Bearer ${signed(claims())}` });
    assert.equal(answer.status, 200);
  });

  test("each forged, foreign or expired token is 401 on every endpoint", async () => {
    for (const [what, token] of forgeries()) await assertRefused({ Authorization: `Bearer ${token}` }, token, what);
  });

  test("a valid token outside the Authorization header, or in another scheme, is 401", async () => {
    const token = signed(claims());
    const ways: [string, Record<string, string>][] = [
      ["no Authorization header", {}],
      ["scheme Basic", { Authorization: `Basic ${token}` }],
      ["no scheme", { Authorization: token }],
      ["a cookie without the CSRF pair", { Cookie: `authorization=Bearer ${token}` }],
    ];
    for (const [what, headers] of ways) await assertRefused(headers, token, what);
    const query = await fetch(`${sandbox.url}/datastore/organizations?access_token=${token}`);
    assert.equal(query.status, 401, "a token in the query string");
  });

  test("nothing changed: no title, database, login or organization", async () => {
    assert.deepEqual(await takeSnapshot(sandbox.superuser), snapshot);
  });

  test("a token that is not valid yet (nbf) is 401", async () => {
    const token = signed(claims({ nbf: now + 3600 }));
    assert.equal((await call(ENDPOINTS[0]!, { Authorization: `Bearer ${token}` })).status, 401);
  });
});
