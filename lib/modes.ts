import { InputError } from "./errors.js";

/**
 * How an ApiClient treats calls that may change something (any method but GET):
 * `normal` sends them; `read-only` refuses them with a ReadOnlyError; `dry-run` logs them, sends nothing and
 * resolves to `undefined`. GET calls are sent in every mode.
 */
export type ClientMode = "normal" | "read-only" | "dry-run";

/** The modes, in the order documented. */
export const CLIENT_MODES: readonly ClientMode[] = ["normal", "read-only", "dry-run"];

/** A mode from an option or the environment (trimmed, any case). @throws InputError naming `source` */
export function parseMode(value: unknown, source: string): ClientMode {
  const text = typeof value === "string" ? value.trim().toLowerCase() : value;
  const mode = CLIENT_MODES.find((known) => known === text);
  if (!mode) throw new InputError(source, `must be one of ${CLIENT_MODES.join(", ")}`, value);
  return mode;
}
