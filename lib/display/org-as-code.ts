import type { OrganizationApplyResult } from "../org-as-code/apply.js";
import type { OrganizationPlan } from "../org-as-code/plan.js";
import { buildTable, type DisplayOptions, type Table } from "./model.js";

/** `"create role 2 · add member 5"`: how many of each, in the order given. */
function summary(counts: Record<string, number | undefined>): string {
  return Object.entries(counts)
    .filter(([, count]) => count)
    .map(([name, count]) => `${name} ${count}`)
    .join(" · ");
}

/** A plan (`planOrganization`): one row per change, grouped by kind in the order applied; the title counts each kind. */
export function planTable(plan: OrganizationPlan, options: DisplayOptions = {}): Table {
  const where = plan.organizationId ? `${plan.title} (${plan.organizationId})` : `new organization ${plan.title}`;
  const title = options.title ?? `Plan for ${where}${plan.changes.length ? `: ${summary(plan.counts)}` : ""}`;
  return buildTable(
    plan.changes,
    [
      ["kind", (c) => c.kind],
      ["target", (c) => c.target],
      ["before", (c) => c.before],
      ["after", (c) => c.after],
    ],
    "change",
    { ...options, title },
  );
}

/** What `applyOrganizationPlan` did: one row per change with its outcome and why; the title counts the outcomes. */
export function applyResultTable(result: OrganizationApplyResult, options: DisplayOptions = {}): Table {
  const what = result.dryRun ? "Dry run" : "Applied";
  const counts = summary(result.counts);
  const title =
    options.title ??
    `${what}${result.organizationId ? ` to ${result.organizationId}` : ""}${counts ? `: ${counts}` : ""}`;
  const columns: [string, (row: OrganizationApplyResult["rows"][number]) => unknown][] = [
    ["kind", (r) => r.kind],
    ["target", (r) => r.target],
    ["after", (r) => r.after],
    ["outcome", (r) => r.outcome],
    ["detail", (r) => r.detail],
  ];
  return buildTable(result.rows, columns, "change", { ...options, title });
}
