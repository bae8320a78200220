// What a notebook needs, in one import. Internals stay in their own modules: the display's builders and kernel
// plumbing in display/index.ts, the confirmation rule and client modes for calls of one's own in confirmation.ts
// and modes.ts, redaction in redaction.ts, strict parsing and zod's messages in schemas/strict.ts and messages.ts.
export { decodeToken, type TokenInfo } from "./token.js";
export {
  Configuration,
  DEFAULT_BASE_URL,
  findEnvFile,
  loadConfiguration,
  type ConfigurationOptions,
  type LoadConfigurationOptions,
  type TokenUser,
} from "./config.js";
export {
  OpenLatticeError,
  ApiError,
  BadRequestError,
  AuthenticationError,
  PermissionError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  ServerError,
  NotImplementedError,
  ConnectionError,
  TimeoutError,
  ResponseValidationError,
  InputError,
  ConfirmationRequiredError,
  ReadOnlyError,
  TokenError,
  TokenExpiredError,
  MissingTokenError,
} from "./errors.js";
export { ApiClient, type ApiClientOptions, type FetchLike, type FetchResponse, type RequestOptions } from "./client.js";
export type { ClientMode } from "./modes.js";
export type { ConfirmOptions } from "./confirmation.js";
export { notebookParams, NotebookParameterError } from "./params.js";
export { OrganizationsApi } from "./api/organizations.js";
export { PrincipalsApi, type UserSearchFields } from "./api/principals.js";
export { currentUser, findUserByEmail, rolesInOrganization } from "./api/users.js";
export { EntitySetsApi } from "./api/entity-sets.js";
export { PermissionsApi } from "./api/permissions.js";
export { AuthorizationsApi } from "./api/authorizations.js";
export { grantPermissions, revokePermissions, setPermissions } from "./api/acl-data.js";
export { DataApi } from "./api/data.js";
export { DatasetApi } from "./api/dataset.js";
export { EdmApi } from "./api/edm.js";
export { SandboxApi } from "./api/sandbox.js";
export {
  connectToOrganizationDatabase,
  OrganizationDatabaseError,
  resolveOrganizationDatabaseAddress,
  type OrganizationDatabaseAddress,
  type OrganizationDatabaseOptions,
} from "./org-database.js";
export { connect, OpenLattice } from "./connect.js";
export { defaultDatabaseName } from "./database-name.js";
export * from "./schemas/index.js";
export { show, type DisplayOptions } from "./display/index.js";
export {
  applyBulkMembership,
  notebookProgress,
  parseMembershipCsv,
  planBulkMembership,
  readMembershipCsv,
  terminalProgress,
  type ApplyBulkMembershipOptions,
  type BulkMembershipPlan,
  type BulkMembershipResult,
  type BulkProgress,
  type MembershipRow,
} from "./bulk/index.js";
export {
  accessMap,
  type AccessList,
  type AccessMap,
  type AccessMapInput,
  type AccessMapOptions,
} from "./access-map/index.js";
export * from "./org-as-code/index.js";
