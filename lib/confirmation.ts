import type { ApiClient } from "./client.js";
import { ConfirmationRequiredError, InputError } from "./errors.js";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** The options of a destructive call. */
export interface ConfirmOptions {
  /** The id of what the call destroys or removes (named in each method's doc). Required unless the base URL is the local sandbox. */
  confirm?: string;
}

/** True when the base URL's host is localhost, 127.0.0.1 or ::1: the local sandbox. */
export function isLocalSandbox(baseUrl: string): boolean {
  return LOCAL_HOSTS.has(new URL(baseUrl).hostname.toLowerCase());
}

/**
 * Guards a destructive call: unless the client's base URL is the local sandbox, `confirm` must equal `target`
 * (the id the call destroys or removes); on the sandbox it may be left out, and is checked when given.
 * Call it after the arguments are checked and before sending.
 * @param action the call's name, for the message, e.g. `"destroyOrganization"`.
 * @throws ConfirmationRequiredError saying exactly what to pass.
 * @example requireConfirmation(this.client, organizationId, options?.confirm, "destroyOrganization");
 */
export function requireConfirmation(client: ApiClient, target: string, confirm: unknown, action = "this call"): void {
  const host = client.configuration.host;
  if (confirm === undefined && isLocalSandbox(host)) return;
  if (confirm !== target) throw new ConfirmationRequiredError(action, target, new URL(host).origin, confirm);
}

/** `confirm` of a destructive call's options, which must be absent or an object. @throws InputError */
export function confirmOption(options: unknown): unknown {
  if (options === undefined) return undefined;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InputError("options", 'must be an object such as { confirm: "<id>" }', options);
  }
  return (options as ConfirmOptions).confirm;
}
