import { z } from "zod";

/**
 * Any UUID in its text form, as Java's `UUID.fromString` on the server reads it: zod's `uuid()` also demands an
 * RFC 9562 version and variant, which ids made by other generators than Java's `randomUUID` need not have.
 */
export const Uuid = z.guid();

/** `GROUP | ORGANIZATION | ROLE | USER | APP`. */
export const PrincipalType = z.enum(["GROUP", "ORGANIZATION", "ROLE", "USER", "APP"]);
export type PrincipalType = "GROUP" | "ORGANIZATION" | "ROLE" | "USER" | "APP";

/** `{type, id}`; for a USER the id is the Auth0 `user_id`, e.g. `auth0|5e39…`. */
export const Principal = z.object({ type: PrincipalType, id: z.string().min(1) }).passthrough();
export interface Principal {
  type: PrincipalType;
  id: string;
  [key: string]: unknown;
}

/** A securable object's key: `[orgId]`, `[orgId, roleId]`, `[entitySetId, propertyTypeId]`… */
export const AclKey = z.array(Uuid).min(1);
export type AclKey = string[];

/** The Java class names the server writes into `@class`. */
export const PrincipalClass = {
  user: "com.openlattice.authorization.SecurablePrincipal",
  organization: "com.openlattice.organization.OrganizationPrincipal",
  role: "com.openlattice.organization.roles.Role",
} as const;

/** What every securable principal has; unknown keys the server adds pass through. */
interface Securable {
  id: string;
  title: string;
  description: string;
  principal: Principal;
  aclKey: AclKey;
  [key: string]: unknown;
}

const securableFields = {
  id: Uuid,
  title: z.string(),
  description: z.string(),
  principal: Principal,
  aclKey: AclKey,
};

/** A user's securable principal (`@class` …SecurablePrincipal). */
export const UserPrincipal = z.object({ "@class": z.literal(PrincipalClass.user), ...securableFields }).passthrough();
export interface UserPrincipal extends Securable {
  "@class": typeof PrincipalClass.user;
}

/** An organization's securable principal (`@class` …OrganizationPrincipal). */
export const OrganizationPrincipal = z
  .object({ "@class": z.literal(PrincipalClass.organization), ...securableFields })
  .passthrough();
export interface OrganizationPrincipal extends Securable {
  "@class": typeof PrincipalClass.organization;
}

/** A role of an organization: principal id `"<orgId>|<Name>"`, aclKey `[orgId, roleId]`. */
export const Role = z
  .object({ "@class": z.literal(PrincipalClass.role), ...securableFields, organizationId: Uuid })
  .passthrough();
export interface Role extends Securable {
  "@class": typeof PrincipalClass.role;
  organizationId: string;
}

/** Any securable principal, told apart by `@class`. */
export const SecurablePrincipal = z.discriminatedUnion("@class", [UserPrincipal, OrganizationPrincipal, Role]);
export type SecurablePrincipal = UserPrincipal | OrganizationPrincipal | Role;
