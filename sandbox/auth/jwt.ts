import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from "jose";

/** The issuer and audience of the sandbox's tokens; a token from anywhere else is refused. */
export const SANDBOX_ISSUER = "https://sandbox.openlattice.local/";
export const SANDBOX_AUDIENCE = "openlattice-sandbox";

export interface Claims extends JWTPayload {
  sub: string;
  [claim: string]: unknown;
}

const keyOf = (secret: string) => new TextEncoder().encode(secret);

/** An HS256 JWT as the real server's local mode mints them (`sub`, `user_id`, `email`, `iss`, `aud`…). */
export function signToken(claims: JWTPayload, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(keyOf(secret));
}

/**
 * The claims of a valid sandbox token, or the reason it is refused. Only HS256 with the sandbox key,
 * the sandbox issuer and audience, an unexpired `exp` and a passed `nbf` (when present) pass; `alg: none` never does.
 */
export async function verifyToken(token: string, secret: string, now = Date.now()): Promise<Claims | string> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ["HS256"],
      issuer: SANDBOX_ISSUER,
      audience: SANDBOX_AUDIENCE,
      requiredClaims: ["sub"],
      currentDate: new Date(now),
    });
    return typeof payload.sub === "string" && payload.sub !== "" ? (payload as Claims) : "Token has no subject.";
  } catch (error) {
    if (!(error instanceof errors.JOSEError)) throw error;
    return refusal(error, token);
  }
}

/** jose's claim failures (`<claim> <reason>`) in the sandbox's words. */
const CLAIM_REFUSALS: Record<string, string> = {
  "iss check_failed": "Token issuer is not accepted.",
  "iss missing": "Token issuer is not accepted.",
  "aud check_failed": "Token audience is not accepted.",
  "aud missing": "Token audience is not accepted.",
  "nbf check_failed": "Token is not valid yet.",
  "sub missing": "Token has no subject.",
};

function refusal(error: errors.JOSEError, token: string): string {
  if (error instanceof errors.JOSEAlgNotAllowed)
    return `Token algorithm ${JSON.stringify(decodeProtectedHeader(token).alg)} is not accepted.`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "Invalid token signature.";
  if (error instanceof errors.JWTExpired) return "Token has expired.";
  if (error instanceof errors.JWTClaimValidationFailed)
    return CLAIM_REFUSALS[`${error.claim} ${error.reason}`] ?? "Malformed token.";
  return "Malformed token.";
}
