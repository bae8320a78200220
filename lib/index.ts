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
  type ApiErrorInit,
} from "./errors.js";
export {
  ApiClient,
  type ApiClientOptions,
  type FetchLike,
  type FetchResponse,
  type HttpMethod,
  type RequestOptions,
} from "./client.js";
export {
  CLIENT_MODES,
  confirmOption,
  isLocalSandbox,
  requireConfirmation,
  type ClientMode,
  type ConfirmOptions,
} from "./safety.js";
export { isSecretName, maskSecrets } from "./redaction.js";
export { notebookParams, NotebookParameterError, PARAMETER_NAME, type ParameterProblem } from "./params.js";
export { OrganizationsApi } from "./api/organizations.js";
export { PrincipalsApi, type UserSearchFields } from "./api/principals.js";
export { currentUser, findUserByEmail, rolesInOrganization } from "./api/users.js";
export type { NewRole } from "./api/roles.js";
export { EntitySetsApi } from "./api/entity-sets.js";
export { PermissionsApi } from "./api/permissions.js";
export { AuthorizationsApi } from "./api/authorizations.js";
export { grantPermissions, revokePermissions, setPermissions, type AclChangeAction } from "./api/acl-data.js";
export { DataApi } from "./api/data.js";
export { DatasetApi } from "./api/dataset.js";
export { EdmApi } from "./api/edm.js";
export { SandboxApi } from "./api/sandbox.js";
export {
  ATLAS_DATABASE,
  connectToOrganizationDatabase,
  OrganizationDatabaseError,
  resolveOrganizationDatabaseAddress,
  type OrganizationDatabaseAddress,
  type OrganizationDatabaseOptions,
} from "./org-database.js";
export { connect, OpenLattice } from "./connect.js";
export { defaultDatabaseName } from "./database-name.js";
export * from "./schemas/index.js";
export * from "./display/index.js";
export * from "./bulk/index.js";
export { accessMap, type AccessList, type AccessMap, type AccessMapInput, type AccessMapOptions } from "./access-map/index.js";
export * from "./org-as-code/index.js";
