export { parseMembershipCsv, readMembershipCsv, type MembershipRow } from "./csv.js";
export {
  planBulkMembership,
  type BulkMembershipApis,
  type BulkMembershipPlan,
  type PlannedAction,
  type PlannedRow,
  type RoleRef,
} from "./plan.js";
export {
  applyBulkMembership,
  type ApplyBulkMembershipOptions,
  type BulkMembershipResult,
  type BulkOutcome,
  type BulkResultRow,
} from "./apply.js";
export {
  notebookProgress,
  progressBar,
  progressText,
  terminalProgress,
  type BulkProgress,
  type ProgressReporter,
  type TextDisplay,
  type TextStream,
} from "./progress.js";
