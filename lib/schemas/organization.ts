import { z } from "zod";
import { AclKey, Principal, Role, SecurablePrincipal, Uuid } from "./principal.js";
import { UserProfile } from "./user.js";

/** How a role is granted automatically to members (`Organization.grants[roleId][grantType]`). */
export const GrantType = z.enum(["Attributes", "Automatic", "Claim", "EmailDomain", "Groups", "Manual", "Roles"]);
export const Grant = z
  .object({ grantType: GrantType, mappings: z.array(z.string()), attribute: z.string().default("") })
  .passthrough();
export type Grant = z.infer<typeof Grant>;
/** A grant as `updateRoleGrant` takes it: `attribute` may be left out. */
export type GrantInput = z.input<typeof Grant>;

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
    grants: z.record(z.record(Grant)),
    partitions: z.array(z.number().int()).optional(),
  })
  .passthrough();
export type Organization = z.infer<typeof Organization>;

/** The body of `createOrganizationIfNotExists`: title and principal are required, the rest defaults to empty. */
export const NewOrganization = z.object({
  id: Uuid.optional(),
  principal: Principal.refine((p) => p.type === "ORGANIZATION", "principal.type must be ORGANIZATION"),
  title: z.string().trim().min(1, "Title cannot be blank."),
  description: z.string().default(""),
  emailDomains: z.array(z.string()).default([]),
  members: z.array(Principal).default([]),
  roles: z.array(Role).default([]),
  apps: z.array(Uuid).default([]),
  connections: z.array(z.string()).default([]),
  grants: z.record(z.record(Grant)).default({}),
});
export type NewOrganization = z.input<typeof NewOrganization>;

/** `getMembers`: the member's securable principal, Auth0 profile and every principal they hold (all orgs). */
export const OrganizationMember = z
  .object({ principal: SecurablePrincipal, profile: UserProfile, roles: z.array(SecurablePrincipal) })
  .passthrough();
export type OrganizationMember = z.infer<typeof OrganizationMember>;

/** The organization's own PostgreSQL login: user `ol-internal|organization|<orgId>`, a 29-character credential. */
export const IntegrationAccount = z.object({ user: z.string(), credential: z.string() }).passthrough();
export type IntegrationAccount = z.infer<typeof IntegrationAccount>;

export const EntitySetFlag = z.enum([
  "INTERNAL",
  "EXTERNAL",
  "MATERIALIZED",
  "EDM_UNSYNCHRONIZED",
  "DATA_UNSYNCHRONIZED",
  "MATERIALIZE_PERMISSION_UNSYNCHRONIZED",
  "MATERIALIZE_PERMISSION_REMOVED",
]);
export type EntitySetFlag = z.infer<typeof EntitySetFlag>;

/** `{ entitySetId: flags }`, the answer of the entity-set listings and of assembly. */
export const EntitySetFlags = z.record(Uuid, z.array(EntitySetFlag));
export type EntitySetFlags = z.infer<typeof EntitySetFlags>;
