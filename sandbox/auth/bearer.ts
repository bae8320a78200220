import { unauthenticated } from "../http/errors.js";

// Spring Security's bearer-token resolver: the scheme in any case, one space, then base64url-ish characters
// with optional `=` padding; nothing else on the line.
const BEARER = /^Bearer (?<token>[a-zA-Z0-9\-._~+/]+=*)$/i;

/** The token of an `Authorization` header, or the 401 Spring answers: none given, or a malformed one. */
export function bearerToken(header: string | undefined): string {
  if (!header || !/^bearer/i.test(header))
    throw unauthenticated("Full authentication is required to access this resource.");
  const token = BEARER.exec(header)?.groups?.token;
  if (!token) throw unauthenticated("Bearer token is malformed");
  return token;
}
