import type { z } from "zod";
import {
  EntitySet,
  Organization,
  OrganizationMember,
  Role,
  SecurablePrincipal,
  UserProfile,
} from "../schemas/index.js";
import { errorCard, objectCard, organizationCard } from "./cards.js";
import { toHtml } from "./html.js";
import { displayBundleInKernel, displayInKernel } from "./kernel.js";
import type { DisplayOptions, View } from "./model.js";
import { redact } from "../redaction.js";
import { isOrganizationApplyResult } from "../org-as-code/apply.js";
import { isOrganizationPlan } from "../org-as-code/plan.js";
import { applyResultTable, planTable } from "./org-as-code.js";
import {
  entitySetsTable,
  membersTable,
  objectsTable,
  organizationsTable,
  principalsTable,
  rolesTable,
  usersTable,
} from "./tables.js";
import { toText } from "./text.js";

/** The table builders `toView` tries on a list, in order: the first schema every item matches wins. */
const LISTS: Array<[z.ZodType, (items: never[], options: DisplayOptions) => View]> = [
  [Organization, organizationsTable],
  [Role, rolesTable],
  [SecurablePrincipal, principalsTable],
  [EntitySet, entitySetsTable],
  [OrganizationMember, membersTable],
  [UserProfile, usersTable],
];

/**
 * The view `show` renders for a value: a table for Organization[], OrganizationMember[], Role[], EntitySet[],
 * UserProfile[] or any list, an organization plan or apply result; a card for an Organization, an error (the error block) or any object.
 */
export function toView(value: unknown, options: DisplayOptions = {}): View {
  if (isView(value)) return value;
  if (value instanceof Error) return errorCard(value);
  if (isOrganizationPlan(value)) return planTable(value, options);
  if (isOrganizationApplyResult(value)) return applyResultTable(value, options);
  if (Array.isArray(value)) {
    if (value.length === 0)
      return { kind: "table", title: redact(options.title ?? "Nothing to show"), columns: [], rows: [], hiddenRows: 0 };
    const match = LISTS.find(([schema]) => value.every((item) => schema.safeParse(item).success));
    if (match) return match[1](value as never[], options);
    return objectsTable(
      value.map((item) => (item !== null && typeof item === "object" ? item : { value: item })),
      options,
    );
  }
  if (Organization.safeParse(value).success) return organizationCard(value as Organization);
  if (value !== null && typeof value === "object") return objectCard(value, options.title);
  return { kind: "card", title: String(value), fields: [] };
}

/**
 * Shows a value: inside a tslab kernel as HTML (with a plain-text copy in the same output), elsewhere printed as
 * plain text. Lists of organizations, members, roles, entity sets and users become tables (at most
 * `options.maxRows`, default 200, then "… and N more rows"), an organization a summary card, an error a readable
 * block with a hint for 401s, an `accessMap` its SVG. Secret fields (`credential`, tokens…) are never shown.
 * @example show(await organizationsApi.getMembers(organizationId), { organizationId });
 * @example try { … } catch (error) { show(error); }
 */
export function show(value: unknown, options?: DisplayOptions): void {
  if (hasMimeBundle(value)) {
    const bundle = value.toMimeBundle();
    if (!displayBundleInKernel(bundle)) console.log(bundle["text/plain"]);
    return;
  }
  const view = toView(value, options);
  const text = toText(view);
  if (!displayInKernel(toHtml(view), text)) console.log(text);
}

/** A value that renders itself (an access map): its MIME bundle goes to the kernel, its `text/plain` elsewhere. */
function hasMimeBundle(value: unknown): value is { toMimeBundle(): Record<string, string> & { "text/plain": string } } {
  return typeof (value as { toMimeBundle?: unknown } | null)?.toMimeBundle === "function";
}

function isView(value: unknown): value is View {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return (
    (kind === "table" || kind === "card") &&
    Array.isArray((value as { rows?: unknown; fields?: unknown })[kind === "table" ? "rows" : "fields"])
  );
}
