import { createHmac, timingSafeEqual } from "node:crypto";

/** The issuer and audience of the sandbox's tokens; a token from anywhere else is refused. */
export const SANDBOX_ISSUER = "https://sandbox.openlattice.local/";
export const SANDBOX_AUDIENCE = "openlattice-sandbox";

export interface Claims {
  sub: string;
  iss?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  [claim: string]: unknown;
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const sign = (input: string, secret: string) => createHmac("sha256", secret).update(input).digest();

/** An HS256 JWT as the real server's local mode mints them (`sub`, `user_id`, `email`, `iss`, `aud`…). */
export function signToken(claims: Claims, secret: string): string {
  const input = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${input}.${sign(input, secret).toString("base64url")}`;
}

/**
 * The claims of a valid sandbox token, or the reason it is refused. Only HS256 with the sandbox key,
 * the sandbox issuer and audience, an unexpired `exp` and a passed `nbf` (when present) pass; `alg: none` never does.
 */
export function verifyToken(token: string, secret: string, now = Date.now()): Claims | string {
  const parts = token.split(".");
  if (parts.length !== 3) return "Malformed token.";
  const [header, payload, signature] = parts as [string, string, string];
  let alg: unknown;
  let claims: Claims;
  try {
    alg = (JSON.parse(Buffer.from(header, "base64url").toString()) as { alg?: unknown }).alg;
    claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Claims;
  } catch {
    return "Malformed token.";
  }
  if (alg !== "HS256") return `Token algorithm ${JSON.stringify(alg)} is not accepted.`;
  const expected = sign(`${header}.${payload}`, secret);
  const actual = Buffer.from(signature, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return "Invalid token signature.";
  if (claims.iss !== SANDBOX_ISSUER) return "Token issuer is not accepted.";
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(SANDBOX_AUDIENCE)) return "Token audience is not accepted.";
  if (typeof claims.exp === "number" && claims.exp * 1000 <= now) return "Token has expired.";
  if (typeof claims.nbf === "number" && claims.nbf * 1000 > now) return "Token is not valid yet.";
  if (typeof claims.sub !== "string" || claims.sub === "") return "Token has no subject.";
  return claims;
}
