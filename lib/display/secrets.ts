import { redact } from "../errors.js";
import { isSecretName } from "../redaction.js";

/** What a secret field shows instead of its value. */
export const HIDDEN = "(hidden)";

/** `text` without bearer credentials, JWTs or the password of a `scheme://user:password@host` URL. */
export function safeText(text: string): string {
  return redact(text).replace(/(\/\/[^\s:/@]+:)[^\s@/]+@/g, "$1[redacted]@");
}

/** JSON of `value` with every secret field replaced by `(hidden)`. */
export function maskedJson(value: unknown): string {
  try {
    return JSON.stringify(value, (key, inner) => (key && isSecretName(key) ? HIDDEN : inner)) ?? String(value);
  } catch {
    return String(value);
  }
}
