import type { PrincipalsApi } from "../api/principals.js";
import { findUserByEmail } from "../api/users.js";
import { check } from "../api/args.js";
import { InputError } from "../errors.js";
import { diffOrganizations } from "../org-as-code/diff.js";
import { DOCUMENT_VERSION, type DocumentRole, type OrganizationDocument } from "../org-as-code/document.js";
import { type LiveOrganization, type OrganizationApis, readLiveOrganization } from "../org-as-code/export.js";
import { type OrganizationPlan, organizationPlan } from "../org-as-code/plan.js";
import type { MembershipRow } from "./csv.js";
import { checkConcurrency, forEachBounded } from "./pool.js";

/** A role of the organization, as a plan names it. */
export interface RoleRef {
  id: string;
  title: string;
}

/** What a plan says about one part of a row. Only `add-member` and `add-role` change anything. */
export type PlannedAction =
  | { kind: "add-member" }
  | { kind: "already-member" }
  | { kind: "add-role"; role: RoleRef }
  | { kind: "already-has-role"; role: RoleRef }
  /** `what` (e.g. "add role Analyst") was asked for on an earlier line already: done once, there. */
  | { kind: "duplicate"; what: string; firstLine: number }
  /** `what` ("find user", `add role "…"`) cannot be done: unknown e-mail, unknown role…; `reason` says why. */
  | { kind: "failure"; what: string; reason: string };

/** One CSV row and what would be done for it. */
export interface PlannedRow {
  line: number;
  email: string;
  /** The user found for the e-mail. */
  userId?: string;
  name?: string;
  actions: PlannedAction[];
}

/**
 * What `applyBulkMembership` will do, row by row. It keeps the APIs it was made with and the organization plan
 * of its changes (`planOrganization`'s, carried out by `applyOrganizationPlan`), neither printed.
 */
export interface BulkMembershipPlan {
  organizationId: string;
  rows: PlannedRow[];
  readonly apis: OrganizationApis;
  readonly changes: OrganizationPlan;
}

/** The APIs a plan reads with: `connect()` has them. */
export type BulkMembershipApis = OrganizationApis & { principals: PrincipalsApi };

/**
 * Plans a bulk membership change: reads the organization's members and roles once (`exportOrganization`'s
 * reader, membership only), looks up each
 * distinct e-mail (at most `concurrency` at a time), and says per row what to do: add-member or already-member,
 * add-role or already-has-role per role title, duplicate for what an earlier row asked for already, and a
 * failure with its reason for an unknown e-mail or role. Changes nothing.
 * @throws InputError for a bad organization id, rows or concurrency; the API's errors when the organization
 *   cannot be read.
 * @example const plan = await planBulkMembership(connect(), organizationId, readMembershipCsv("data/analysts.csv"));
 */
export async function planBulkMembership(
  apis: BulkMembershipApis,
  organizationId: string,
  rows: MembershipRow[],
  options: { concurrency?: number } = {},
): Promise<BulkMembershipPlan> {
  if (!apis?.organizations || !apis?.principals)
    throw new InputError("apis", "must have organizations and principals (e.g. connect())");
  check.uuid("organizationId", organizationId);
  checkRows(rows);
  const concurrency = checkConcurrency("options.concurrency", options.concurrency ?? 8);
  const live = await readLiveOrganization(apis, organizationId, { concurrency, membershipOnly: true });
  const roles = live.document.roles.items;
  const rolesByName = new Map(
    [...new Set(rows.flatMap((row) => row.roles))].map((name) => [name, findRole(roles, name)] as const),
  );
  const members = new Map(live.document.members.items.map((member) => [member.userId!, new Set(member.roles)]));
  const users = await lookUpEmails(apis.principals, rows, concurrency);

  const memberLines = new Map<string, number>();
  const roleLines = new Map<string, number>();
  const planned = rows.map((row): PlannedRow => {
    const found = users.get(emailKey(row.email));
    if (!found || "reason" in found)
      return {
        line: row.line,
        email: row.email,
        actions: [{ kind: "failure", what: "find user", reason: found?.reason ?? "no e-mail in this row" }],
      };
    const userId = found.userId;
    const actions: PlannedAction[] = [];
    const firstMemberLine = memberLines.get(userId);
    if (firstMemberLine !== undefined)
      actions.push({ kind: "duplicate", what: "add member", firstLine: firstMemberLine });
    else {
      memberLines.set(userId, row.line);
      actions.push({ kind: members.has(userId) ? "already-member" : "add-member" });
    }
    for (const name of row.roles) {
      const role = rolesByName.get(name)!;
      if ("reason" in role) {
        actions.push({ kind: "failure", what: `add role "${name}"`, reason: role.reason });
        continue;
      }
      const key = `${userId}\n${role.role.id}`;
      const firstLine = roleLines.get(key);
      if (firstLine !== undefined) actions.push({ kind: "duplicate", what: `add role ${role.role.title}`, firstLine });
      else {
        roleLines.set(key, row.line);
        actions.push({
          kind: members.get(userId)?.has(role.role.title) ? "already-has-role" : "add-role",
          role: role.role,
        });
      }
    }
    return { line: row.line, email: row.email, userId, name: found.name, actions };
  });
  const plan = { organizationId, rows: planned } as BulkMembershipPlan;
  const hidden = {
    apis,
    changes: organizationPlan(
      apis,
      live,
      live.document.organization.title!,
      diffOrganizations(live.document, desiredMembership(planned), lookups(live, planned)),
    ),
  };
  for (const [name, value] of Object.entries(hidden)) Object.defineProperty(plan, name, { value, enumerable: false });
  return plan;
}

/** The partial document the rows ask for: each user once, with the roles to give them; nothing pruned. */
function desiredMembership(rows: PlannedRow[]): OrganizationDocument {
  const members = new Map<string, { email: string; roles: string[] }>();
  for (const row of rows) {
    for (const action of row.actions) {
      if (action.kind !== "add-member" && action.kind !== "add-role") continue;
      if (!members.has(row.userId!)) members.set(row.userId!, { email: row.email.trim(), roles: [] });
      if (action.kind === "add-role") members.get(row.userId!)!.roles.push(action.role.title);
    }
  }
  const empty = { prune: false, items: [] };
  return {
    version: DOCUMENT_VERSION,
    organization: {},
    roles: empty,
    members: { prune: false, items: [...members.values()] },
    entitySets: [],
    permissions: empty,
  };
}

function lookups(live: LiveOrganization, rows: PlannedRow[]) {
  const users = Object.fromEntries(
    rows.flatMap((row) => (row.userId ? [[row.email.trim().toLowerCase(), row.userId]] : [])),
  );
  return { users, entitySets: live.entitySets, tables: live.tables, roles: live.roles };
}

function checkRows(rows: unknown): asserts rows is MembershipRow[] {
  if (!Array.isArray(rows))
    throw new InputError("rows", "must be an array of {line, email, roles} (e.g. from readMembershipCsv)", rows);
  rows.forEach((row, i) => {
    const ok =
      typeof row === "object" &&
      row !== null &&
      Number.isInteger(row.line) &&
      typeof row.email === "string" &&
      Array.isArray(row.roles) &&
      row.roles.every((role: unknown) => typeof role === "string" && role.trim() !== "");
    if (!ok) throw new InputError(`rows[${i}]`, "must be {line, email, roles: non-blank role titles}", row);
  });
}

/** The role titled `name`: an exact match first, else the one match ignoring case. */
function findRole(roles: DocumentRole[], name: string): { role: RoleRef } | { reason: string } {
  const exact = roles.filter((role) => role.title === name);
  const matches = exact.length ? exact : roles.filter((role) => role.title.toLowerCase() === name.toLowerCase());
  if (matches.length === 1) return { role: { id: matches[0]!.id!, title: matches[0]!.title } };
  if (matches.length === 0) return { reason: "no role of the organization has this title" };
  return { reason: `${matches.length} roles have this title (${matches.map((role) => role.id).join(", ")})` };
}

function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Each distinct non-blank e-mail's user, or why there is none. */
async function lookUpEmails(principals: PrincipalsApi, rows: MembershipRow[], concurrency: number) {
  const found = new Map<string, { userId: string; name?: string } | { reason: string }>();
  const emails = [...new Set(rows.map((row) => row.email.trim()).filter(Boolean))];
  const distinct = [...new Map(emails.map((email) => [emailKey(email), email])).values()];
  await forEachBounded(distinct, concurrency, async (email) => {
    try {
      const user = await findUserByEmail(principals, email);
      found.set(
        emailKey(email),
        user ? { userId: user.user_id, name: user.name } : { reason: "no user has this e-mail" },
      );
    } catch (error) {
      found.set(emailKey(email), { reason: (error as Error).message });
    }
  });
  return found;
}
