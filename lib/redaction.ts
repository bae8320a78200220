// The one home of redaction: what a secret shows instead of its value, in errors, logs, dry-run, the display, the
// executed notebooks' parameters and the commands' messages.

/** What every secret shows instead of its value. */
export const REDACTED = "[redacted]";

/**
 * Names that hold a secret: any containing TOKEN, JWT, SECRET, PASSWORD, PASSWD, CREDENTIAL, AUTHORIZATION,
 * COOKIE, API_KEY or PRIVATE_KEY (any case, `-` or `_` or nothing between the words).
 */
const SECRET_NAME = /token|jwt|secret|password|passwd|credential|authorization|cookie|api[-_]?key|private[-_]?key/i;

/** True when a name (a key, a parameter, an environment variable) says its value is a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * `text` with each of `secrets`, every bearer credential, every JWT-looking string and the password of every
 * `scheme://user:password@host` address replaced by `[redacted]` (a placeholder such as `<password>` stays).
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join(REDACTED);
  return out
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, `Bearer ${REDACTED}`)
    .replace(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED)
    .replace(/(\/\/[^\s:/@]+:)(?!<\w+>@)[^\s@/]+@/g, `$1${REDACTED}@`);
}

/** JSON text (possibly cut short) with the value of every secret-named field (`"credential": …`) redacted. */
export function redactJsonText(text: string): string {
  return text.replace(
    /("((?:[^"\\]|\\.)*)"\s*:\s*)("(?:[^"\\]|\\.)*"?|[^,{}[\]\s]+)/g,
    (field, head: string, key: string) => (isSecretName(key) ? `${head}"${REDACTED}"` : field),
  );
}

/** JSON of `value` with every secret-named field's value `"[redacted]"`; what JSON cannot write shows as `String(value)`. */
export function maskedJson(value: unknown): string {
  try {
    return JSON.stringify(value, (key, inner) => (key && isSecretName(key) ? REDACTED : inner)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A copy of a failure (name, code, message with its cause's, stack) with `secrets` and credentials redacted. */
export function redactedError(cause: unknown, secrets: readonly string[] = []): Error {
  const original = cause instanceof Error ? cause : new Error(String(cause));
  const inner = original.cause instanceof Error ? ` (${original.cause.message})` : ""; // e.g. undici's ECONNREFUSED
  const copy = new Error(redact(original.message + inner, secrets));
  copy.name = original.name;
  copy.stack = original.stack === undefined ? undefined : redact(original.stack, secrets);
  const code = (original as { code?: unknown }).code;
  if (typeof code === "string") Object.assign(copy, { code });
  return copy;
}
