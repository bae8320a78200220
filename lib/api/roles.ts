import { NewRole, PrincipalClass } from "../schemas/index.js";
import { parseArgument } from "./args.js";

/** The role as the server reads it, with `@class` (and `aclKey` when the id is chosen by the caller). */
export function toRoleBody(role: NewRole) {
  const body = parseArgument("role", NewRole, role);
  const { id, organizationId } = body;
  return { "@class": PrincipalClass.role, ...body, ...(id ? { aclKey: [organizationId, id] } : {}) };
}
