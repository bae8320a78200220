import { InputError } from "../errors.js";
import { type Ace, type AclData, Permission, type Principal, PrincipalType } from "../schemas/index.js";
import { check } from "./args.js";

/** The actions the server carries out: ADD merges, REMOVE subtracts, SET replaces a principal's permissions. */
export type AclChangeAction = "ADD" | "REMOVE" | "SET";
const ACTIONS: readonly string[] = ["ADD", "REMOVE", "SET"] satisfies AclChangeAction[];

/**
 * AclData that ADDs `permissions` on `aclKey` for `principal` (or for each of several principals), for
 * `updateAcl` / `updateAcls`. The acl key is `[entitySetId]`, `[entitySetId, propertyTypeId]`, `[orgId]`, `[orgId, roleId]`…
 * @example await permissionsApi.updateAcl(grantPermissions([entitySetId], { type: "ROLE", id: `${orgId}|Analyst` }, ["READ"]))
 */
export function grantPermissions(
  aclKey: string[],
  principal: Principal | Principal[],
  permissions: Permission[],
): AclData {
  return build("ADD", aclKey, principal, permissions);
}

/**
 * AclData that REMOVEs `permissions` on `aclKey` from `principal` (or from each of several); other permissions stay.
 * @example await permissionsApi.updateAcl(revokePermissions([entitySetId], { type: "USER", id: userId }, ["WRITE"]))
 */
export function revokePermissions(
  aclKey: string[],
  principal: Principal | Principal[],
  permissions: Permission[],
): AclData {
  return build("REMOVE", aclKey, principal, permissions);
}

/**
 * AclData that SETs the permissions of `principal` (or of each of several) on `aclKey` to exactly `permissions`
 * (an empty list leaves none).
 * @example await permissionsApi.updateAcl(setPermissions([entitySetId], { type: "ROLE", id: `${orgId}|Analyst` }, ["READ"]))
 */
export function setPermissions(
  aclKey: string[],
  principal: Principal | Principal[],
  permissions: Permission[],
): AclData {
  return build("SET", aclKey, principal, permissions);
}

function build(
  action: AclChangeAction,
  aclKey: string[],
  principal: Principal | Principal[],
  permissions: Permission[],
): AclData {
  const key = checkAclKey("aclKey", aclKey);
  const principals = Array.isArray(principal) ? principal : [principal];
  if (principals.length === 0)
    throw new InputError("principal", "must be a principal {type, id} or a non-empty array of them", principal);
  const given = checkPermissions("permissions", permissions);
  if (given.length === 0 && action !== "SET")
    throw new InputError("permissions", `must name at least one permission to ${action}`, permissions);
  const aces = principals.map((p, i) => ({
    principal: checkPrincipal(principals === principal ? `principal[${i}]` : "principal", p),
    permissions: given,
  }));
  return { action, acl: { aclKey: key, aces } };
}

/** An acl key: a non-empty array of UUIDs. */
export function checkAclKey(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError(
      name,
      "must be a non-empty array of UUIDs, e.g. [entitySetId] or [entitySetId, propertyTypeId]",
      value,
    );
  }
  value.forEach((id, i) => check.uuid(`${name}[${i}]`, id));
  return value;
}

/** Permissions among DISCOVER, MATERIALIZE, LINK, READ, WRITE, OWNER, INTEGRATE (upper case, as the server spells them). */
export function checkPermissions(name: string, value: unknown): Permission[] {
  const allowed = Permission.options.join(", ");
  if (!Array.isArray(value)) throw new InputError(name, `must be an array of permissions among ${allowed}`, value);
  value.forEach((p, i) => {
    if (!Permission.safeParse(p).success) throw new InputError(`${name}[${i}]`, `must be one of ${allowed}`, p);
  });
  return value;
}

/** `{type, id}` with a known type and a non-blank id; other keys are dropped. */
export function checkPrincipal(name: string, value: unknown): Principal {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InputError(name, "must be {type, id}", value);
  const { type, id } = value as Record<string, unknown>;
  if (!PrincipalType.safeParse(type).success)
    throw new InputError(`${name}.type`, `must be one of ${PrincipalType.options.join(", ")}`, type);
  return { type: type as PrincipalType, id: check.nonBlank(`${name}.id`, id) };
}

/**
 * One ACL change as the server reads it, `{action, acl: {aclKey, aces}}`, with unknown keys dropped.
 * REQUEST is refused here: the final server answers it with an error ("Invalid action specified: REQUEST").
 */
export function checkAclData(name: string, value: unknown): AclData {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InputError(name, "must be {action, acl: {aclKey, aces}}", value);
  const { action, acl } = value as Record<string, unknown>;
  if (action === "REQUEST") {
    throw new InputError(
      `${name}.action`,
      'cannot be REQUEST: the server rejects it ("Invalid action specified: REQUEST"); use ADD, REMOVE or SET',
    );
  }
  if (typeof action !== "string" || !ACTIONS.includes(action))
    throw new InputError(`${name}.action`, "must be one of ADD, REMOVE, SET", action);
  if (typeof acl !== "object" || acl === null || Array.isArray(acl))
    throw new InputError(`${name}.acl`, "must be {aclKey, aces}", acl);
  const { aclKey, aces } = acl as Record<string, unknown>;
  const key = checkAclKey(`${name}.acl.aclKey`, aclKey);
  if (!Array.isArray(aces))
    throw new InputError(`${name}.acl.aces`, "must be an array of {principal, permissions}", aces);
  return {
    action: action as AclChangeAction,
    acl: { aclKey: key, aces: aces.map((ace, i) => checkAce(`${name}.acl.aces[${i}]`, ace)) },
  };
}

function checkAce(name: string, value: unknown): Ace {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InputError(name, "must be {principal, permissions}", value);
  const { principal, permissions, expiration } = value as Record<string, unknown>;
  const ace: Ace = {
    principal: checkPrincipal(`${name}.principal`, principal),
    permissions: checkPermissions(`${name}.permissions`, permissions),
  };
  if (expiration !== undefined && expiration !== null)
    ace.expiration = check.nonBlank(`${name}.expiration`, expiration);
  return ace;
}
