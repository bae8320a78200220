import { decodeJwt, decodeProtectedHeader } from "jose";
import { TokenError } from "./errors.js";

/** What a JWT says about its holder. Decoded only: the signature is NOT verified (the server does that). */
export interface TokenInfo {
  /** The `sub` claim: the caller's principal id on the server. */
  subject: string;
  email?: string;
  issuer?: string;
  issuedAt?: Date;
  /** From `exp`; undefined when the token never expires (e.g. local dev tokens). */
  expiresAt?: Date;
  /** `app_metadata.roles` (or a top-level `roles` claim) includes `admin`. */
  isAdmin: boolean;
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Decodes (does not verify) a JWT.
 * @throws TokenError when it is not three base64url parts, the header or payload is not a JSON object, or `sub` is missing.
 * @example decodeToken(process.env.OPENLATTICE_JWT!).subject
 */
export function decodeToken(jwt: string): TokenInfo {
  if (typeof jwt !== "string") throw new TokenError(`The token must be a string, got ${typeof jwt}`);
  const token = jwt.trim();
  const parts = token.split(".");
  if (parts.length !== 3) {
    throw new TokenError(`The token is not a JWT: expected 3 dot-separated parts, found ${parts.length}`);
  }
  const [header, payload, signature] = parts as [string, string, string];
  if (!BASE64URL.test(header) || !BASE64URL.test(payload) || !/^[A-Za-z0-9_-]*={0,2}$/.test(signature)) {
    throw new TokenError("The token is not a JWT: its parts are not base64url");
  }
  decodePart(() => decodeProtectedHeader(token), "header");
  const claims = decodePart(() => decodeJwt(token), "payload");

  const { sub, email, iss, iat, exp } = claims;
  if (typeof sub !== "string" || sub === "") throw new TokenError("The token has no `sub` (subject) claim");
  return {
    subject: sub,
    email: typeof email === "string" ? email : undefined,
    issuer: typeof iss === "string" ? iss : undefined,
    issuedAt: numericDate(iat, "iat"),
    expiresAt: numericDate(exp, "exp"),
    isAdmin: hasAdmin((claims.app_metadata as { roles?: unknown } | undefined)?.roles) || hasAdmin(claims.roles),
  };
}

/** A part decoded by jose; its failure in words: a parse error has a cause, a part that is not an object has none. */
function decodePart<T>(decode: () => T, what: string): T {
  try {
    return decode();
  } catch (error) {
    throw new TokenError(`The token's ${what} is not ${(error as Error).cause ? "valid JSON" : "a JSON object"}`);
  }
}

/** A JWT NumericDate (seconds since the epoch) as a Date; undefined when absent. */
function numericDate(value: unknown, claim: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TokenError(`The token's \`${claim}\` claim is not a number`);
  }
  return new Date(value * 1000);
}

function hasAdmin(roles: unknown): boolean {
  return Array.isArray(roles) && roles.includes("admin");
}
