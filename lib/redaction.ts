/**
 * Names that hold a secret: any containing TOKEN, JWT, SECRET, PASSWORD, PASSWD, CREDENTIAL, AUTHORIZATION,
 * COOKIE, API_KEY or PRIVATE_KEY (any case, `-` or `_` or nothing between the words).
 */
const SECRET_NAME = /token|jwt|secret|password|passwd|credential|authorization|cookie|api[-_]?key|private[-_]?key/i;

/** True when a name (a key, a parameter, an environment variable) says its value is a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A copy of a JSON value with every secret-named key's value replaced by `"[redacted]"`, at any depth. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  return Object.fromEntries(entries.map(([key, inner]) => [key, isSecretName(key) ? "[redacted]" : maskSecrets(inner)]));
}
