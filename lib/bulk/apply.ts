import { InputError } from "../errors.js";
import { applyPlan, type ChangeOutcome, countOutcomes } from "../org-as-code/apply.js";
import { isOrganizationPlan } from "../org-as-code/plan.js";
import type { BulkMembershipPlan, PlannedAction, PlannedRow } from "./plan.js";
import type { ProgressReporter } from "./progress.js";

/** done: changed now; skipped: already so, or a duplicate; failed: with why; planned: what a dry run would do. */
export type BulkOutcome = ChangeOutcome;

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
  /** Changes in flight at once (the members first, then their roles). Default 8. */
  concurrency?: number;
  /** Called with the counts when the run starts and after each change; a reporter that throws is dropped. */
  onProgress?: ProgressReporter;
  /** Change nothing: answer what would be done, as `planned`. Always so when the client's mode is `dry-run`. */
  dryRun?: boolean;
  /** The organization's id, to confirm the change: required for any host but the local sandbox (requireConfirmation). */
  confirm?: string;
}

/**
 * Carries out a plan from `planBulkMembership` with `applyOrganizationPlan`: the members first, then their roles,
 * at most `concurrency` changes at a time. Every change is made once; what the plan found already so, or asked
 * for twice, is skipped; a failed change is reported with why and the rest goes on (a user whose membership
 * failed gets no roles). Plan again to run it again: nothing will be left to do.
 * @throws InputError for a plan not made by `planBulkMembership` or bad options; unless it is a dry run,
 *   ConfirmationRequiredError without `confirm` against a real deployment, ReadOnlyError in read-only mode.
 *   Nothing is changed then.
 * @example const result = await applyBulkMembership(plan, { onProgress: terminalProgress() }); console.table(result.rows);
 */
export async function applyBulkMembership(
  plan: BulkMembershipPlan,
  options: ApplyBulkMembershipOptions = {},
): Promise<BulkMembershipResult> {
  const { apis, changes } = checkPlan(plan);
  const applied = await applyPlan(apis, changes, options, "applyBulkMembership");
  const outcomes = new Map(
    changes.changes.map((change, i) => [
      `${change.kind}\n${change.user!.userId}\n${change.role?.title ?? ""}`,
      applied.rows[i]!,
    ]),
  );
  const rows = plan.rows.flatMap((planned) =>
    planned.actions.map((action) => {
      const row = resultRow(planned, action, applied.dryRun);
      if (action.kind === "add-member" || action.kind === "add-role") {
        const done = outcomes.get(
          `${action.kind === "add-member" ? "add member" : "give role"}\n${planned.userId}\n${action.kind === "add-role" ? action.role.title : ""}`,
        )!;
        const notTried = done.outcome === "skipped"; // only a failed membership stops a role
        Object.assign(row, {
          outcome: notTried ? "failed" : done.outcome,
          detail: notTried ? "not tried: adding the member failed" : done.detail,
        });
      }
      return row;
    }),
  );
  return { organizationId: plan.organizationId, dryRun: applied.dryRun, rows, counts: countOutcomes(rows) };
}

function checkPlan(plan: BulkMembershipPlan): BulkMembershipPlan {
  if (typeof plan !== "object" || plan === null || !Array.isArray(plan.rows) || !isOrganizationPlan(plan.changes)) {
    throw new InputError("plan", "must be a plan from planBulkMembership");
  }
  return plan;
}

/** The result row of one planned action, before anything is done. */
function resultRow({ line, email }: PlannedRow, action: PlannedAction, dryRun: boolean): BulkResultRow {
  const row = (what: string, outcome: BulkOutcome, detail: string) => ({ line, email, action: what, outcome, detail });
  switch (action.kind) {
    case "add-member":
      return row("add member", dryRun ? "planned" : "failed", "");
    case "add-role":
      return row(`add role ${action.role.title}`, dryRun ? "planned" : "failed", "");
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
