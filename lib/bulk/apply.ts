import type { OrganizationsApi } from "../api/organizations.js";
import { InputError, ReadOnlyError } from "../errors.js";
import { requireConfirmation } from "../confirmation.js";
import type { BulkMembershipPlan, PlannedAction, PlannedRow } from "./plan.js";
import { checkConcurrency, forEachBounded } from "./pool.js";
import type { BulkProgress, ProgressReporter } from "./progress.js";

/** done: changed now; skipped: already so, or a duplicate; failed: with why; planned: what a dry run would do. */
export type BulkOutcome = "done" | "skipped" | "failed" | "planned";

/** One line of the result table: one action of one CSV row. */
export interface BulkResultRow {
  line: number;
  email: string;
  action: string;
  outcome: BulkOutcome;
  detail: string;
}

export interface BulkMembershipResult {
  organizationId: string;
  dryRun: boolean;
  /** In the plan's order; `console.table(result.rows)` shows them. */
  rows: BulkResultRow[];
  counts: Record<BulkOutcome, number>;
}

export interface ApplyBulkMembershipOptions {
  /** Users worked on at once (each user's changes run one after the other). Default 8. */
  concurrency?: number;
  /** Called with the counts when the run starts and after each change; a reporter that throws is dropped. */
  onProgress?: ProgressReporter;
  /** Change nothing: answer what would be done, as `planned`. Always so when the client's mode is `dry-run`. */
  dryRun?: boolean;
  /** The organization's id, to confirm the change: required for any host but the local sandbox (requireConfirmation). */
  confirm?: string;
}

/** One change to make, and the result row it fills in. */
interface Change {
  kind: "add-member" | "add-role";
  roleId?: string;
  userId: string;
  row: BulkResultRow;
}

/**
 * Carries out a plan from `planBulkMembership`: for each user, adding the member first, then each role, at most
 * `concurrency` users at a time. Every change is made once; what the plan found already so, or asked for twice,
 * is skipped; a failed change is reported with why and the rest goes on (a user whose membership failed gets no
 * roles). Plan again to run it again: nothing will be left to do.
 * @throws InputError for a plan not made by `planBulkMembership` or bad options; unless it is a dry run,
 *   ConfirmationRequiredError without `confirm` against a real deployment, ReadOnlyError in read-only mode.
 *   Nothing is changed then.
 * @example const result = await applyBulkMembership(plan, { onProgress: terminalProgress() }); console.table(result.rows);
 */
export async function applyBulkMembership(plan: BulkMembershipPlan, options: ApplyBulkMembershipOptions = {}): Promise<BulkMembershipResult> {
  const organizations = checkPlan(plan);
  const concurrency = checkConcurrency("options.concurrency", options.concurrency ?? 8);
  if (options.dryRun !== undefined && typeof options.dryRun !== "boolean") throw new InputError("options.dryRun", "must be true or false", options.dryRun);
  let report = options.onProgress;
  if (report !== undefined && typeof report !== "function") throw new InputError("options.onProgress", "must be a function", report);
  const { client } = organizations;
  const dryRun = options.dryRun === true || client.mode === "dry-run";
  if (!dryRun) {
    requireConfirmation(client, plan.organizationId, options.confirm, "applyBulkMembership");
    if (client.mode === "read-only") throw new ReadOnlyError("PUT", `/datastore/organizations/${plan.organizationId}/principals/members`);
  }

  const rows: BulkResultRow[] = [];
  const changesByUser = new Map<string, Change[]>();
  for (const planned of plan.rows) {
    for (const action of planned.actions) {
      const row = resultRow(planned, action, dryRun);
      rows.push(row);
      if (action.kind !== "add-member" && action.kind !== "add-role") continue;
      const change: Change = { kind: action.kind, roleId: action.kind === "add-role" ? action.role.id : undefined, userId: planned.userId!, row };
      if (!changesByUser.has(change.userId)) changesByUser.set(change.userId, []);
      changesByUser.get(change.userId)!.push(change);
    }
  }
  const result = () => ({ organizationId: plan.organizationId, dryRun, rows, counts: countOutcomes(rows) });
  if (dryRun) return result();

  const progress: BulkProgress = { total: [...changesByUser.values()].reduce((sum, changes) => sum + changes.length, 0), finished: 0, done: 0, failed: 0 };
  const reportProgress = () => {
    try {
      report?.({ ...progress });
    } catch {
      report = undefined; // a broken display must not stop a half-done change
    }
  };
  reportProgress();
  await forEachBounded([...changesByUser.values()], concurrency, async (changes) => {
    let memberFailed = false;
    for (const change of changes.sort((a, b) => Number(b.kind === "add-member") - Number(a.kind === "add-member"))) {
      if (memberFailed) finish(change.row, "failed", "not tried: adding the member failed");
      else {
        try {
          if (change.kind === "add-member") await organizations.addMember(plan.organizationId, change.userId);
          else await organizations.addRoleToUser(plan.organizationId, change.roleId!, change.userId);
          finish(change.row, "done", "");
        } catch (error) {
          memberFailed = change.kind === "add-member";
          finish(change.row, "failed", (error as Error).message);
        }
      }
      progress.finished++;
      progress[change.row.outcome === "done" ? "done" : "failed"]++;
      reportProgress();
    }
  });
  return result();
}

function checkPlan(plan: BulkMembershipPlan): OrganizationsApi {
  if (typeof plan !== "object" || plan === null || !Array.isArray(plan.rows) || typeof plan.organizations?.addMember !== "function") {
    throw new InputError("plan", "must be a plan from planBulkMembership");
  }
  return plan.organizations;
}

function finish(row: BulkResultRow, outcome: BulkOutcome, detail: string): void {
  Object.assign(row, { outcome, detail });
}

/** The result row of one planned action, before anything is done. */
function resultRow({ line, email }: PlannedRow, action: PlannedAction, dryRun: boolean): BulkResultRow {
  const row = (what: string, outcome: BulkOutcome, detail: string) => ({ line, email, action: what, outcome, detail });
  switch (action.kind) {
    case "add-member":
      return dryRun ? row("add member", "planned", "") : row("add member", "failed", "not run");
    case "add-role":
      return dryRun ? row(`add role ${action.role.title}`, "planned", "") : row(`add role ${action.role.title}`, "failed", "not run");
    case "already-member":
      return row("add member", "skipped", "already a member");
    case "already-has-role":
      return row(`add role ${action.role.title}`, "skipped", "already has the role");
    case "duplicate":
      return row(action.what, "skipped", `duplicate of line ${action.firstLine}`);
    case "failure":
      return row(action.what, "failed", action.reason);
  }
}

function countOutcomes(rows: BulkResultRow[]): Record<BulkOutcome, number> {
  const counts: Record<BulkOutcome, number> = { done: 0, skipped: 0, failed: 0, planned: 0 };
  for (const row of rows) counts[row.outcome]++;
  return counts;
}
