// JWTs for tests: unsigned ones the client decodes (it never verifies), and ones signed with any HMAC whatever their
// header says, to forge what the sandbox must refuse. The sandbox's own tokens come from `mintToken`.
import { createHmac } from "node:crypto";
import { SANDBOX_AUDIENCE, SANDBOX_ISSUER } from "../../sandbox/auth/jwt.js";

/** One part of a JWT: base64url of a JSON value, or of a string as it is. */
export const jwtPart = (value: unknown): string =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** A JWT with this payload and a placeholder signature, for the client, which decodes without verifying. */
export const testJwt = (
  payload: unknown,
  header: unknown = { alg: "HS256", typ: "JWT" },
  signature = "c2lnbmF0dXJl",
): string => `${jwtPart(header)}.${jwtPart(payload)}.${signature}`;

/** The fake clients' token: subject `auth0|me`, no expiry. */
export const TOKEN = testJwt({ sub: "auth0|me" });

/** A JWT signed with HMAC `hash` ("sha256", as HS256) and `key`, whatever its header says. */
export function hmacJwt(header: unknown, payload: unknown, key: string, hash = "sha256"): string {
  const input = `${jwtPart(header)}.${jwtPart(payload)}`;
  return `${input}.${createHmac(hash, key).update(input).digest("base64url")}`;
}

/** The payload of a JWT, decoded (not verified). */
export const jwtClaims = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;

/** The claims the sandbox mints for `user`: issued at `iat` (seconds), valid for `seconds`. */
export const sandboxClaims = (user: { user_id: string; email?: string }, iat: number, seconds: number) => ({
  sub: user.user_id,
  user_id: user.user_id,
  email: user.email,
  iss: SANDBOX_ISSUER,
  aud: SANDBOX_AUDIENCE,
  iat,
  exp: iat + seconds,
});
