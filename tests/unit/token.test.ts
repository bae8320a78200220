import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TokenError } from "../../lib/errors.js";
import { decodeToken } from "../../lib/token.js";
import { jwtPart as part, testJwt as jwt } from "../helpers/tokens.js";

describe("decodeToken", () => {
  it("reads subject, email, issuer, dates and admin role from app_metadata", () => {
    const info = decodeToken(
      jwt({
        sub: "auth0|42",
        email: "a@example.com",
        iss: "https://openlattice.auth0.com/",
        iat: 1700000000,
        exp: 1700003600,
        app_metadata: { roles: ["AuthenticatedUser", "admin"] },
      }),
    );
    assert.deepEqual(info, {
      subject: "auth0|42",
      email: "a@example.com",
      issuer: "https://openlattice.auth0.com/",
      issuedAt: new Date(1700000000 * 1000),
      expiresAt: new Date(1700003600 * 1000),
      isAdmin: true,
    });
  });

  it("accepts a top-level roles claim and tokens without exp (local dev tokens)", () => {
    const info = decodeToken(jwt({ sub: "u1", roles: ["admin"] }));
    assert.equal(info.isAdmin, true);
    assert.equal(info.expiresAt, undefined);
    assert.equal(info.email, undefined);
  });

  it("is not admin without the admin role", () => {
    assert.equal(decodeToken(jwt({ sub: "u1", app_metadata: { roles: ["user"] } })).isAdmin, false);
    assert.equal(decodeToken(jwt({ sub: "u1", app_metadata: null })).isAdmin, false);
  });

  it("accepts an unsigned token (empty signature) and surrounding whitespace", () => {
    const token = `${part({ alg: "none" })}.${part({ sub: "u1" })}.`;
    assert.equal(decodeToken(`  ${token}\n`).subject, "u1");
  });

  const secretish = jwt({ sub: "u1" }).slice(0, 20);
  const malformed: [string, string, RegExp][] = [
    ["empty", "", /expected 3 dot-separated parts, found 1/],
    ["two parts", `${part({ alg: "x" })}.${part({ sub: "u" })}`, /found 2/],
    ["not base64url", `${part({ alg: "x" })}.pay load!.sig`, /not base64url/],
    ["header not JSON", `${part("not json")}.${part({ sub: "u" })}.sig`, /header is not valid JSON/],
    ["payload an array", `${part({ alg: "x" })}.${part([1, 2])}.sig`, /payload is not a JSON object/],
    ["payload null", `${part({ alg: "x" })}.${part("null")}.sig`, /payload is not a JSON object/],
    ["no sub", jwt({ email: "a@b.c" }), /no `sub`/],
    ["exp not a number", jwt({ sub: "u", exp: "tomorrow" }), /`exp` claim is not a number/],
  ];
  for (const [name, token, message] of malformed) {
    it(`rejects a malformed token: ${name}`, () => {
      assert.throws(
        () => decodeToken(token),
        (error: unknown) => {
          assert.ok(error instanceof TokenError);
          assert.match(error.message, message);
          if (token.length > 8) assert.ok(!error.message.includes(token.split(".")[1] ?? token));
          assert.ok(!error.message.includes(secretish));
          return true;
        },
      );
    });
  }

  it("rejects a non-string", () => {
    assert.throws(() => decodeToken(undefined as unknown as string), /must be a string, got undefined/);
  });
});
