import { ApiError, AuthenticationError, PermissionError } from "../errors.js";
import type { Organization } from "../schemas/index.js";
import { cellText, type Card } from "./model.js";
import { isSecretName, redact, REDACTED } from "../redaction.js";
import { entriesOf } from "./tables.js";

/** A short summary of one organization: id, principal, description, members, roles, e-mail domains. */
export function organizationCard(organization: Organization): Card {
  const list = (items: readonly string[] | undefined) => (items?.length ? items.join(", ") : "none");
  return {
    kind: "card",
    title: redact(organization.title),
    fields: [
      ["id", organization.id],
      ["principal", organization.principal?.id],
      ["description", organization.description || "none"],
      ["members", String(organization.members?.length ?? 0)],
      ["roles", list(organization.roles?.map((role) => role.title))],
      ["e-mail domains", list(organization.emailDomains)],
    ].map(([label, value]) => [label!, cellText(value)]),
  };
}

/** The hint shown under an error of this class, if any. */
export function errorHint(error: unknown): string | undefined {
  if (error instanceof AuthenticationError) return "the token was refused: expired or invalid — get a fresh one";
  if (error instanceof PermissionError) return "you lack the permission this call needs (member/owner/admin)";
  return undefined;
}

/** An error as a readable block: its class and status, the message, the request and its id, a hint for 401s. */
export function errorCard(error: unknown): Card {
  const failure = error instanceof Error ? error : new Error(String(error));
  const api = failure instanceof ApiError ? failure : undefined;
  const requestId = (failure as { requestId?: unknown }).requestId;
  const fields: Array<[string, string | undefined]> = [
    ["message", redact(failure.message)],
    ["request", api && `${api.method} ${api.path}`],
    ["request id", typeof requestId === "string" ? requestId : undefined],
    ["hint", errorHint(failure)],
  ];
  return {
    kind: "card",
    tone: "error",
    title: redact(api ? `${failure.name} · HTTP ${api.status}` : failure.name),
    fields: fields.filter((field): field is [string, string] => Boolean(field[1])),
  };
}

/** Any object as `label: value` lines; secret fields such as `credential` show `[redacted]`. */
export function objectCard(value: object, title?: string): Card {
  const fields = Object.entries(entriesOf(value)).map(([key, inner]): [string, string] => [
    key,
    isSecretName(key) ? REDACTED : cellText(inner),
  ]);
  return { kind: "card", title: redact(title ?? value.constructor?.name ?? "Object"), fields };
}
