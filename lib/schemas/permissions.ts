import { z } from "zod";
import { AclKey, Principal } from "./principal.js";

export const Permission = z.enum(["DISCOVER", "MATERIALIZE", "LINK", "READ", "WRITE", "OWNER", "INTEGRATE"]);
export type Permission = z.infer<typeof Permission>;

/** An access control entry: what one principal may do. */
export const Ace = z
  .object({ principal: Principal, permissions: z.array(Permission), expiration: z.string().optional() })
  .passthrough();
export type Ace = z.infer<typeof Ace>;

/** Every entry on one securable object. */
export const Acl = z.object({ aclKey: AclKey, aces: z.array(Ace) }).passthrough();
export type Acl = z.infer<typeof Acl>;

/** The body of an ACL change: ADD merges, SET replaces a principal's permissions, REMOVE subtracts. */
export const AclAction = z.enum(["ADD", "REMOVE", "SET", "REQUEST"]);
export const AclData = z.object({ action: AclAction, acl: Acl }).passthrough();
export type AclData = z.infer<typeof AclData>;

/** One question of `getAuthorizations`: may the caller do these things on this object? */
export const AccessCheck = z.object({ aclKey: AclKey, permissions: z.array(Permission) }).passthrough();
export type AccessCheck = z.infer<typeof AccessCheck>;

/** Its answer: each permission asked about, `true` when the caller holds it (through any of its principals). */
export const Authorization = z.object({ aclKey: AclKey, permissions: z.record(Permission, z.boolean()) }).passthrough();
export type Authorization = z.infer<typeof Authorization>;

/**
 * Why a principal reaches an object (`getAclExplanation`): each path starts at a principal holding permissions on
 * it (a role, an organization) and ends at this principal, each step held by the next.
 */
export const AclExplanation = z.object({ principal: Principal, principalPaths: z.array(z.array(Principal)) }).passthrough();
export type AclExplanation = z.infer<typeof AclExplanation>;
