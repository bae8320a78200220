import { randomUUID } from "node:crypto";
import { grantPermissions, revokePermissions } from "../api/acl-data.js";
import { InputError, ReadOnlyError } from "../errors.js";
import { requireConfirmation } from "../confirmation.js";
import type { Principal } from "../schemas/index.js";
import { checkConcurrency, forEachBounded } from "../bulk/pool.js";
import type { BulkProgress, ProgressReporter } from "../bulk/progress.js";
import { type ChangeKind, type OrganizationChange, stepOf } from "./diff.js";
import { type OrganizationApis, organizationFingerprint } from "./export.js";
import { isOrganizationPlan, type OrganizationPlan } from "./plan.js";

/** done: made now; failed: with why; skipped: not tried, because a change it needs failed; planned: a dry run's. */
export type ChangeOutcome = "done" | "failed" | "skipped" | "planned";

/** One row of the result table: one change and what became of it. */
export interface ChangeResult {
  kind: ChangeKind;
  target: string;
  before: string;
  after: string;
  outcome: ChangeOutcome;
  detail: string;
}

/** What `applyOrganizationPlan` did; `show(result)` draws it. */
export interface OrganizationApplyResult {
  type: "organization apply result";
  /** The organization changed (the new one's, when the plan created it and that succeeded). */
  organizationId?: string;
  dryRun: boolean;
  /** In the plan's order. */
  rows: ChangeResult[];
  counts: Record<ChangeOutcome, number>;
}

export interface ApplyOrganizationPlanOptions {
  /** The organization's id (`"new"` for a plan that creates one): required for any host but the local sandbox. */
  confirm?: string;
  /** Changes in flight at once within a step (default 8). */
  concurrency?: number;
  /** Change nothing: answer what would be done, as `planned`. Always so when the client's mode is `dry-run`. */
  dryRun?: boolean;
  /** Called with the counts when the run starts and after each change; a reporter that throws is dropped. */
  onProgress?: ProgressReporter;
  /** When given, the organization the plan must have been made for. */
  organizationId?: string;
}

/** Plans that created their organization already, with its id: a second run would make another one. */
const created = new WeakMap<OrganizationPlan, string>();

/** The ids apply has found or made so far. */
interface Context {
  organizationId: string;
  roles: Map<string, { id: string; principalId: string }>;
}

/**
 * Carries out a plan from `planOrganization`, step by step in the plan's order (the organization, roles and
 * members before the roles they hold and the permissions, removals last), at most `concurrency` changes at a time
 * within a step. A failed change is reported with why; the changes that need it are skipped, every other one goes
 * on. Plan again afterwards: a run that finished leaves nothing to do, one that was cut short leaves exactly the rest.
 * @throws InputError before anything is sent for a plan made for another organization or deployment, or bad
 *   options; unless it is a dry run, ConfirmationRequiredError without `confirm` against a real deployment and
 *   ReadOnlyError in read-only mode.
 * @example const result = await applyOrganizationPlan(ol, plan, { onProgress: notebookProgress(tslab.newDisplay()) }); show(result);
 */
export async function applyOrganizationPlan(
  ol: OrganizationApis,
  plan: OrganizationPlan,
  options: ApplyOrganizationPlanOptions = {},
): Promise<OrganizationApplyResult> {
  return applyPlan(ol, plan, options, "applyOrganizationPlan");
}

/** `applyOrganizationPlan` for a front end (bulk membership): `action` is the call a confirmation error names. */
export async function applyPlan(
  ol: OrganizationApis,
  plan: OrganizationPlan,
  options: ApplyOrganizationPlanOptions,
  action: string,
): Promise<OrganizationApplyResult> {
  if (!isOrganizationPlan(plan)) throw new InputError("plan", "must be a plan from planOrganization");
  const concurrency = checkConcurrency("options.concurrency", options.concurrency ?? 8);
  if (options.dryRun !== undefined && typeof options.dryRun !== "boolean")
    throw new InputError("options.dryRun", "must be true or false", options.dryRun);
  let report = options.onProgress;
  if (report !== undefined && typeof report !== "function")
    throw new InputError("options.onProgress", "must be a function", report);
  const { client } = ol;
  const origin = new URL(client.configuration.host).origin;
  if (origin !== plan.origin)
    throw new InputError("plan", `was made for ${plan.origin}, not for ${origin}: plan again here`);
  if (options.organizationId !== undefined && options.organizationId !== plan.organizationId) {
    throw new InputError(
      "plan",
      `was made for ${plan.organizationId ? `organization ${plan.organizationId}` : "a new organization"}, not for ${options.organizationId}: plan again for it`,
    );
  }
  const dryRun = options.dryRun === true || client.mode === "dry-run";
  if (created.has(plan))
    throw new InputError(
      "plan",
      `created organization ${created.get(plan)} already: plan again for it ({ organizationId: "${created.get(plan)}" })`,
    );
  if (!dryRun) {
    requireConfirmation(client, plan.organizationId ?? "new", options.confirm, action);
    if (client.mode === "read-only") throw new ReadOnlyError("PUT", "/datastore/organizations");
  }
  if (plan.organizationId !== undefined) {
    const organization = await ol.organizations.getOrganization(plan.organizationId);
    if (
      organizationFingerprint(client.configuration.host, organization.id, organization.principal.id) !==
      plan.fingerprint
    ) {
      throw new InputError(
        "plan",
        `was made for another organization than ${plan.organizationId} (its fingerprint differs): plan again for it`,
      );
    }
  }

  const rows = plan.changes.map(({ kind, target, before, after }): ChangeResult => ({
    kind,
    target,
    before,
    after,
    outcome: dryRun ? "planned" : "failed",
    detail: dryRun ? "" : "not run",
  }));
  const context: Context = { organizationId: plan.organizationId ?? "", roles: new Map() };
  for (const change of plan.changes)
    if (change.role?.id)
      context.roles.set(change.role.title, { id: change.role.id, principalId: change.role.principalId! });
  const result = (): OrganizationApplyResult => ({
    type: "organization apply result",
    ...(context.organizationId ? { organizationId: context.organizationId } : {}),
    dryRun,
    rows,
    counts: countOutcomes(rows),
  });
  if (dryRun) return result();

  const progress: BulkProgress = { total: rows.length, finished: 0, done: 0, failed: 0 };
  const reportProgress = () => {
    try {
      report?.({ ...progress });
    } catch {
      report = undefined; // a broken display must not stop a half-done change
    }
  };
  reportProgress();
  const unfinished = new Set<string>();
  const steps = [...new Set(plan.changes.map((change) => stepOf(change.kind)))].sort((a, b) => a - b);
  for (const step of steps) {
    const indexes = plan.changes.flatMap((change, i) => (stepOf(change.kind) === step ? [i] : []));
    await forEachBounded(indexes, concurrency, async (i) => {
      const change = plan.changes[i]!;
      const row = rows[i]!;
      const blocker = change.needs.find((key) => unfinished.has(key));
      if (blocker) Object.assign(row, { outcome: "skipped", detail: `not tried: ${blocker} did not succeed` });
      else {
        try {
          await perform(ol, plan, change, context);
          Object.assign(row, { outcome: "done", detail: "" });
        } catch (error) {
          Object.assign(row, { outcome: "failed", detail: (error as Error).message });
        }
      }
      if (row.outcome !== "done") unfinished.add(change.key);
      progress.finished++;
      progress[row.outcome === "done" ? "done" : "failed"]++;
      reportProgress();
    });
  }
  return result();
}

/** Makes one change, with the ids found or made so far. */
async function perform(
  ol: OrganizationApis,
  plan: OrganizationPlan,
  change: OrganizationChange,
  context: Context,
): Promise<void> {
  const { organizations, permissions } = ol;
  const org = context.organizationId;
  const role = () => {
    const found = context.roles.get(change.role!.title);
    if (!found) throw new Error(`the role ${change.role!.title} has no id`);
    return found;
  };
  const principal = (): Principal =>
    change.role ? { type: "ROLE", id: role().principalId } : { type: "USER", id: change.user!.userId };
  switch (change.kind) {
    case "create organization": {
      const principalId = randomUUID(); // unique on the platform, whatever the title
      const organization = {
        title: change.text!,
        description: change.description ?? "",
        emailDomains: change.emailDomains ?? [],
        principal: { type: "ORGANIZATION" as const, id: principalId },
      };
      context.organizationId = await organizations.createOrganizationIfNotExists(organization);
      if (context.organizationId) created.set(plan, context.organizationId);
      return;
    }
    case "update title":
      return organizations.updateTitle(org, change.text!);
    case "update description":
      return organizations.updateDescription(org, change.text!);
    case "set e-mail domains":
      return organizations.setAutoApprovedEmailDomain(org, change.emailDomains!);
    case "create role": {
      const { title } = change.role!;
      const principalId = `${org}|${title}`;
      const id = await organizations.createRole({
        organizationId: org,
        title,
        description: change.description ?? "",
        principal: { type: "ROLE", id: principalId },
      });
      context.roles.set(title, { id, principalId });
      return;
    }
    case "update role":
      return organizations.updateRoleDescription(org, role().id, change.description ?? "");
    case "set role grant":
      return organizations.updateRoleGrant(org, role().id, { ...change.grant! });
    case "assemble entity set":
      await organizations.assembleEntitySets(org, { [change.object!.id]: change.refreshRate ?? null });
      return;
    case "add member":
      return organizations.addMember(org, change.user!.userId);
    case "give role":
      return organizations.addRoleToUser(org, role().id, change.user!.userId);
    case "grant permission":
      return permissions.updateAcl(grantPermissions([change.object!.id], principal(), change.permissions!));
    case "take role":
      return organizations.removeRoleFromUser(org, role().id, change.user!.userId, { confirm: change.user!.userId });
    case "revoke permission":
      return permissions.updateAcl(revokePermissions([change.object!.id], principal(), change.permissions!));
    case "remove member":
      return organizations.removeMember(org, change.user!.userId, { confirm: change.user!.userId });
    case "delete role":
      return organizations.deleteRole(org, role().id, { confirm: role().id });
  }
}

/** How many rows have each outcome. */
export function countOutcomes(rows: readonly { outcome: ChangeOutcome }[]): Record<ChangeOutcome, number> {
  const counts: Record<ChangeOutcome, number> = { done: 0, skipped: 0, failed: 0, planned: 0 };
  for (const row of rows) counts[row.outcome]++;
  return counts;
}

/** Whether `value` is a result of `applyOrganizationPlan`. */
export function isOrganizationApplyResult(value: unknown): value is OrganizationApplyResult {
  return (
    (value as { type?: unknown } | null)?.type === "organization apply result" &&
    Array.isArray((value as OrganizationApplyResult).rows)
  );
}
