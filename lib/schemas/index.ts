export * from "./account.js";
export * from "./error-body.js";
export * from "./organization.js";
export * from "./principal.js";
export * from "./user.js";
export { toStrict } from "./strict.js";
export * from "./edm.js";
export * from "./permissions.js";
export * from "./sandbox.js";
