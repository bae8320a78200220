import { InputError, OpenLatticeError } from "../errors.js";
import { type OrganizationMember, PrincipalClass, type Role, type UserProfile } from "../schemas/index.js";
import { check } from "./args.js";
import type { PrincipalsApi } from "./principals.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The profile of the user the token belongs to: `GET /datastore/principals/users/{sub}` with the token's `sub`
 * (the server has no "current user" endpoint).
 * @example const me = await currentUser(principalsApi);
 */
export async function currentUser(principals: PrincipalsApi): Promise<UserProfile> {
  return principals.getUser(principals.client.configuration.user.id);
}

/**
 * The one user with this e-mail address (compared without regard to case), found with
 * `POST /datastore/principals/users/search`; `undefined` when there is none.
 * @throws InputError for a blank or malformed address (before sending); OpenLatticeError when several
 *   accounts share the address (e.g. a password login and a Google login), naming their ids.
 * @example const sam = await findUserByEmail(principalsApi, "sam.patel@example.org");
 */
export async function findUserByEmail(principals: PrincipalsApi, email: string): Promise<UserProfile | undefined> {
  const address = check.nonBlank("email", email).trim();
  if (!EMAIL.test(address)) throw new InputError("email", "must be an e-mail address like name@example.org", email);
  const found = await principals.searchUsers({ email: address });
  const matches = Object.values(found).filter((profile) => profile.email?.toLowerCase() === address.toLowerCase());
  if (matches.length > 1) {
    const ids = matches.map((profile) => profile.user_id).join(", ");
    throw new OpenLatticeError(
      `${matches.length} users have the e-mail ${address} (${ids}): pick one by id with getUser`,
    );
  }
  return matches[0];
}

/**
 * The member's roles in one organization. A member's `roles` (from `getMembers`) holds every principal they have
 * in ALL organizations, roles and organization principals alike; this keeps the roles of `organizationId`.
 * @example rolesInOrganization(member, organizationId).map((role) => role.title)
 */
export function rolesInOrganization(member: OrganizationMember, organizationId: string): Role[] {
  const orgId = check.uuid("organizationId", organizationId).toLowerCase();
  if (!Array.isArray(member?.roles))
    throw new InputError("member", "must be an organization member (from getMembers) with roles", member);
  return member.roles.filter(
    (principal): principal is Role =>
      principal["@class"] === PrincipalClass.role &&
      principal.principal?.type === "ROLE" &&
      String((principal as Role).organizationId).toLowerCase() === orgId,
  );
}
