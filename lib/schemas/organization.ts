import { z } from "zod";
import { Description, RolePrincipal, Title } from "./input.js";
import { AclKey, Principal, Role, SecurablePrincipal, Uuid } from "./principal.js";
import { UserProfile } from "./user.js";

/** How a role is granted automatically to members (`Organization.grants[roleId][grantType]`). */
export const GrantType = z.enum(["Attributes", "Automatic", "Claim", "EmailDomain", "Groups", "Manual", "Roles"]);
export type GrantType = "Attributes" | "Automatic" | "Claim" | "EmailDomain" | "Groups" | "Manual" | "Roles";
export const Grant = z
  .object({ grantType: GrantType, mappings: z.array(z.string()), attribute: z.string().default("") })
  .passthrough();
export interface Grant {
  grantType: GrantType;
  mappings: string[];
  attribute: string;
  [key: string]: unknown;
}

/** An organization as the server serializes it. The e-mail domains key is `emailDomains` (not `emails`). */
export const Organization = z
  .object({
    id: Uuid,
    principal: Principal,
    title: z.string(),
    description: z.string(),
    adminRoleAclKey: AclKey,
    emailDomains: z.array(z.string()),
    members: z.array(Principal),
    roles: z.array(Role),
    apps: z.array(Uuid),
    connections: z.array(z.string()),
    grants: z.record(z.string(), z.record(z.string(), Grant)),
    partitions: z.array(z.number().int()).optional(),
  })
  .passthrough();
export interface Organization {
  id: string;
  principal: Principal;
  title: string;
  description: string;
  adminRoleAclKey: AclKey;
  emailDomains: string[];
  members: Principal[];
  roles: Role[];
  apps: string[];
  connections: string[];
  grants: Record<string, Record<string, Grant>>;
  partitions?: number[];
  [key: string]: unknown;
}

/** What `createRole` takes: `@class` and `aclKey` are filled in. */
export const NewRole = z.object({
  id: Uuid.optional(),
  organizationId: Uuid,
  principal: RolePrincipal,
  title: Title,
  description: Description.default(""),
});
export interface NewRole {
  id?: string;
  organizationId: string;
  principal: { type: "ROLE"; id: string };
  title: string;
  description?: string;
}

/** The body of `createOrganizationIfNotExists`: title and principal are required, the rest defaults to empty. */
export const NewOrganization = z.object({
  id: Uuid.optional(),
  principal: Principal.refine((p) => p.type === "ORGANIZATION", "principal.type must be ORGANIZATION"),
  title: Title,
  description: Description.default(""),
  emailDomains: z.array(z.string()).default([]),
  members: z.array(Principal).default([]),
  roles: z.array(Role).default([]),
  apps: z.array(Uuid).default([]),
  connections: z.array(z.string()).default([]),
  grants: z.record(z.string(), z.record(z.string(), Grant)).default({}),
});
export interface NewOrganization {
  id?: string;
  principal: Principal;
  title: string;
  description?: string;
  emailDomains?: string[];
  members?: Principal[];
  roles?: Role[];
  apps?: string[];
  connections?: string[];
  grants?: Record<string, Record<string, GrantInput>>;
}
/** A grant as a caller writes it: `attribute` defaults to "". */
export interface GrantInput {
  grantType: GrantType;
  mappings: string[];
  attribute?: string;
  [key: string]: unknown;
}

/** `getMembers`: the member's securable principal, Auth0 profile and every principal they hold (all orgs). */
export const OrganizationMember = z
  .object({ principal: SecurablePrincipal, profile: UserProfile, roles: z.array(SecurablePrincipal) })
  .passthrough();
export interface OrganizationMember {
  principal: SecurablePrincipal;
  profile: UserProfile;
  roles: SecurablePrincipal[];
  [key: string]: unknown;
}

/** The organization's own PostgreSQL login: user `ol-internal|organization|<orgId>`, a 29-character credential. */
export const IntegrationAccount = z.object({ user: z.string(), credential: z.string() }).passthrough();
export interface IntegrationAccount {
  user: string;
  credential: string;
  [key: string]: unknown;
}

export const EntitySetFlag = z.enum([
  "INTERNAL",
  "EXTERNAL",
  "MATERIALIZED",
  "EDM_UNSYNCHRONIZED",
  "DATA_UNSYNCHRONIZED",
  "MATERIALIZE_PERMISSION_UNSYNCHRONIZED",
  "MATERIALIZE_PERMISSION_REMOVED",
]);
export type EntitySetFlag =
  | "INTERNAL"
  | "EXTERNAL"
  | "MATERIALIZED"
  | "EDM_UNSYNCHRONIZED"
  | "DATA_UNSYNCHRONIZED"
  | "MATERIALIZE_PERMISSION_UNSYNCHRONIZED"
  | "MATERIALIZE_PERMISSION_REMOVED";

/** `{ entitySetId: flags }`, the answer of the entity-set listings and of assembly. */
export const EntitySetFlags = z.record(Uuid, z.array(EntitySetFlag));
export type EntitySetFlags = Record<string, EntitySetFlag[]>;
