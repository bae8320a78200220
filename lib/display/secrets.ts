import { redact } from "../errors.js";
import { isSecretName } from "../redaction.js";

/** Secret field names beyond `isSecretName`'s (token, jwt, secret, password, credential). */
const MORE_SECRET_KEYS = /passwd|authorization|cookie|api[-_]?key|private[-_]?key/i;

/** What a secret field shows instead of its value. */
export const HIDDEN = "(hidden)";

/** True for a field name that may hold a secret (`credential`, `accessToken`, `password`…). */
export function isSecretKey(key: string): boolean {
  return isSecretName(key) || MORE_SECRET_KEYS.test(key);
}

/** `text` without bearer credentials, JWTs or the password of a `scheme://user:password@host` URL. */
export function safeText(text: string): string {
  return redact(text).replace(/(\/\/[^\s:/@]+:)[^\s@/]+@/g, "$1[redacted]@");
}

/** JSON of `value` with every secret field replaced by `(hidden)`. */
export function maskedJson(value: unknown): string {
  try {
    return JSON.stringify(value, (key, inner) => (key && isSecretKey(key) ? HIDDEN : inner)) ?? String(value);
  } catch {
    return String(value);
  }
}
