import { z } from "zod";
import { AclKey, Principal } from "./principal.js";

export const Permission = z.enum(["DISCOVER", "MATERIALIZE", "LINK", "READ", "WRITE", "OWNER", "INTEGRATE"]);
export type Permission = "DISCOVER" | "MATERIALIZE" | "LINK" | "READ" | "WRITE" | "OWNER" | "INTEGRATE";

/** An access control entry: what one principal may do. */
export const Ace = z
  .object({ principal: Principal, permissions: z.array(Permission), expiration: z.string().optional() })
  .passthrough();
export interface Ace {
  principal: Principal;
  permissions: Permission[];
  expiration?: string;
  [key: string]: unknown;
}

/** Every entry on one securable object. */
export const Acl = z.object({ aclKey: AclKey, aces: z.array(Ace) }).passthrough();
export interface Acl {
  aclKey: AclKey;
  aces: Ace[];
  [key: string]: unknown;
}

/** The body of an ACL change: ADD merges, SET replaces a principal's permissions, REMOVE subtracts. */
export const AclAction = z.enum(["ADD", "REMOVE", "SET", "REQUEST"]);
export const AclData = z.object({ action: AclAction, acl: Acl }).passthrough();
export type AclAction = "ADD" | "REMOVE" | "SET" | "REQUEST";
export interface AclData {
  action: AclAction;
  acl: Acl;
  [key: string]: unknown;
}

/** One question of `getAuthorizations`: may the caller do these things on this object? */
export const AccessCheck = z.object({ aclKey: AclKey, permissions: z.array(Permission) }).passthrough();
export interface AccessCheck {
  aclKey: AclKey;
  permissions: Permission[];
  [key: string]: unknown;
}

/** Its answer: each permission asked about, `true` when the caller holds it (through any of its principals). */
export const Authorization = z
  .object({ aclKey: AclKey, permissions: z.partialRecord(Permission, z.boolean()) })
  .passthrough();
export interface Authorization {
  aclKey: AclKey;
  permissions: Partial<Record<Permission, boolean>>;
  [key: string]: unknown;
}

/**
 * Why a principal reaches an object (`getAclExplanation`): each path starts at a principal holding permissions on
 * it (a role, an organization) and ends at this principal, each step held by the next.
 */
export const AclExplanation = z
  .object({ principal: Principal, principalPaths: z.array(z.array(Principal)) })
  .passthrough();
export interface AclExplanation {
  principal: Principal;
  principalPaths: Principal[][];
  [key: string]: unknown;
}
