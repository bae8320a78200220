export {
  DOCUMENT_VERSION,
  OrganizationDocument,
  type DocumentGrant,
  type DocumentMember,
  type DocumentPermission,
  type DocumentRole,
  type DocumentEntitySet,
  type DocumentSection,
} from "./document.js";
export {
  OrganizationDocumentError,
  readOrganizationDocument,
  toYaml,
  validateOrganizationDocument,
  writeOrganizationDocument,
  type ToYamlOptions,
} from "./yaml.js";
export { exportOrganization, type OrganizationApis } from "./export.js";
export {
  CHANGE_KINDS,
  diffOrganizations,
  type ChangeKind,
  type DiffLookups,
  type ObjectRef,
  type OrganizationChange,
  type RoleRef as ChangeRoleRef,
} from "./diff.js";
export { planOrganization, type OrganizationPlan, type PlanOrganizationOptions } from "./plan.js";
export {
  applyOrganizationPlan,
  type ApplyOrganizationPlanOptions,
  type ChangeOutcome,
  type ChangeResult,
  type OrganizationApplyResult,
} from "./apply.js";
