// The sandbox's tokens (sandbox/auth/jwt.ts, on jose): what it mints passes its own check, and each refused token
// gets the sandbox's reason, word for word.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SANDBOX_AUDIENCE, SANDBOX_ISSUER, verifyToken } from "../../sandbox/auth/jwt.js";
import { mintToken } from "../../sandbox/auth/tokens.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { hmacJwt, jwtClaims, jwtPart, sandboxClaims } from "../helpers/tokens.js";

const SECRET = "the-sandbox-signing-key-for-this-test";
const NOW = Date.parse("2030-01-01T00:00:00Z");
const now = NOW / 1000;
const HS256 = { alg: "HS256", typ: "JWT" };
const claims = (changes: Record<string, unknown> = {}) => ({
  sub: "auth0|u",
  iss: SANDBOX_ISSUER,
  aud: SANDBOX_AUDIENCE,
  iat: now,
  exp: now + 60,
  ...changes,
});
const signed = (changes: Record<string, unknown> = {}) => hmacJwt(HS256, claims(changes), SECRET);

test("a minted token is an HS256 JWT with the user's claims that passes the check until it expires", async () => {
  const owner = SEEDED_USERS.owner;
  const token = await mintToken(owner, SECRET, 2, NOW);
  assert.deepEqual(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()), HS256);
  const { sub, user_id, email, iss, aud, iat, exp } = jwtClaims(token);
  assert.deepEqual({ sub, user_id, email, iss, aud, iat, exp }, sandboxClaims(owner, now, 2 * 86_400));
  assert.deepEqual(await verifyToken(token, SECRET, NOW), jwtClaims(token));
  assert.equal(await verifyToken(token, SECRET, NOW + 2 * 86_400_000), "Token has expired.");
  const listed = signed({ aud: ["other", SANDBOX_AUDIENCE] });
  assert.deepEqual(
    await verifyToken(listed, SECRET, NOW),
    jwtClaims(listed),
    "an audience list holding the sandbox's passes",
  );
});

test("each refused token gets the sandbox's reason", async () => {
  const valid = signed();
  const [header, , signature] = valid.split(".");
  const refusals: [string, string][] = [
    [hmacJwt(HS256, claims(), "another key"), "Invalid token signature."],
    [`${header}.${jwtPart(claims({ sub: "auth0|admin" }))}.${signature}`, "Invalid token signature."],
    [`${jwtPart({ alg: "none" })}.${jwtPart(claims())}.`, 'Token algorithm "none" is not accepted.'],
    [hmacJwt({ alg: "HS512" }, claims(), SECRET, "sha512"), 'Token algorithm "HS512" is not accepted.'],
    [signed({ iss: "https://openlattice.auth0.com/" }), "Token issuer is not accepted."],
    [signed({ iss: undefined }), "Token issuer is not accepted."],
    [signed({ aud: "https://tests.openlattice.com" }), "Token audience is not accepted."],
    [signed({ exp: now }), "Token has expired."],
    [signed({ nbf: now + 60 }), "Token is not valid yet."],
    [signed({ sub: undefined }), "Token has no subject."],
    [signed({ sub: "" }), "Token has no subject."],
    [valid.split(".").slice(0, 2).join("."), "Malformed token."],
    ["not-a-jwt", "Malformed token."],
    [`${jwtPart("nope")}.${jwtPart(claims())}.${signature}`, "Malformed token."],
    [hmacJwt(HS256, "not json", SECRET), "Malformed token."],
  ];
  for (const [token, reason] of refusals) assert.equal(await verifyToken(token, SECRET, NOW), reason, token);
});
