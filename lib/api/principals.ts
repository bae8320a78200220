import { z } from "zod";
import type { ApiClient } from "../client.js";
import { InputError } from "../errors.js";
import { DbAccount } from "../schemas/account.js";
import { type Principal, PrincipalType, Role, SecurablePrincipal, UserProfile } from "../schemas/index.js";
import { UserSearchTerm } from "../schemas/input.js";
import { check, path } from "./args.js";

const BASE = "/datastore/principals";

/** `{ userId: profile }`, the answer of the user listings and searches. */
const UserProfiles = z.record(z.string(), UserProfile);

/** What `searchUsers` takes: exactly one of `email` or `name`, not blank. */
export type UserSearchFields = { email: string; name?: undefined } | { name: string; email?: undefined };

/**
 * The OpenLattice PrincipalApi (`/datastore/principals`): users, roles, the caller's database login. Calls the
 * Python client has keep its camelCased name (`get_materialized_view_account` → `getMaterializedViewAccount`);
 * the others take the server's name (`getSecurablePrincipal`, `getUsers`, `searchUsers`, `getAvailableRoles`)
 * or lattice-js's (`regenerateCredential`).
 * @example const principalsApi = new PrincipalsApi(new ApiClient(configuration));
 */
export class PrincipalsApi {
  constructor(readonly client: ApiClient) {}

  // ── Principals and users ──

  /**
   * `POST /datastore/principals` — the securable principal (`@class`, id, title, aclKey) of a `{type, id}`
   * principal; READ on it is needed unless it is a USER.
   * @example await principalsApi.getSecurablePrincipal({ type: "USER", id: "auth0|5e39a1c7d2f84a0012b3c402" })
   */
  async getSecurablePrincipal(principal: Principal): Promise<SecurablePrincipal> {
    if (typeof principal !== "object" || principal === null)
      throw new InputError("principal", "must be {type, id}", principal);
    const type = PrincipalType.safeParse(principal.type);
    if (!type.success)
      throw new InputError("principal.type", `must be one of ${PrincipalType.options.join(", ")}`, principal.type);
    const json = { type: type.data, id: check.nonBlank("principal.id", principal.id) };
    return this.client.request({ method: "POST", path: BASE, json, readsOnly: true, schema: SecurablePrincipal });
  }

  /** `GET /datastore/principals/users` — every user of the platform, `{ userId: Auth0 profile }`. */
  async getAllUsers(): Promise<Record<string, UserProfile>> {
    return this.client.request({ method: "GET", path: `${BASE}/users`, schema: UserProfiles });
  }

  /** `GET /datastore/principals/users/{userId}` — one user's Auth0 profile (`auth0|…`, `google-oauth2|…`; URL-encoded here). */
  async getUser(userId: string): Promise<UserProfile> {
    return this.client.request({
      method: "GET",
      path: BASE + path`/users/${check.userId("userId", userId)}`,
      schema: UserProfile,
    });
  }

  /** `POST /datastore/principals/users` — the profiles of the given user ids, `{ userId: profile }`. */
  async getUsers(userIds: string[]): Promise<Record<string, UserProfile>> {
    const json = check.strings("userIds", userIds);
    return this.client.request({ method: "POST", path: `${BASE}/users`, json, readsOnly: true, schema: UserProfiles });
  }

  /**
   * `POST /datastore/principals/users/search` — users matching exactly one of `{email}` or `{name}`,
   * `{ userId: profile }`. Both, neither or a blank value are refused before sending, as the server would (400).
   * @example await principalsApi.searchUsers({ email: "sam.patel@example.org" })
   */
  async searchUsers(fields: UserSearchFields): Promise<Record<string, UserProfile>> {
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
      throw new InputError("fields", "must be {email} or {name}", fields);
    }
    const given = Object.entries(fields).filter(([, value]) => value !== undefined && value !== null);
    const other = given.find(([key]) => key !== "email" && key !== "name");
    if (other) throw new InputError("fields", `takes only "email" or "name", not "${other[0]}"`);
    if (given.length > 1) throw new InputError("fields", 'may have only one of "email", "name"', fields);
    if (given.length === 0) throw new InputError("fields", 'needs one of "email", "name"', fields);
    const [key, value] = given[0]!;
    const json = { [key]: check.follows(`fields.${key}`, UserSearchTerm[key as keyof typeof UserSearchTerm], value) };
    return this.client.request({
      method: "POST",
      path: `${BASE}/users/search`,
      json,
      readsOnly: true,
      schema: UserProfiles,
    });
  }

  /**
   * `POST /datastore/principals/users/search` with `{email}` — the Python client's `search_all_users_by_email`,
   * which calls the deprecated `GET …/users/search/email/"{emailAddress}"` (quotes and all) instead.
   * For the one user with an address, use `findUserByEmail` (lib/api/users.ts).
   */
  async searchAllUsersByEmail(emailAddress: string): Promise<Record<string, UserProfile>> {
    return this.searchUsers({ email: emailAddress });
  }

  /** `GET /datastore/principals/sync` — activates the calling user on the platform; needed once before they can be granted anything. */
  async syncCallingUser(): Promise<void> {
    return this.client.request({ method: "GET", path: `${BASE}/sync` });
  }

  // ── Roles ──

  /**
   * `GET /datastore/principals/roles` — every role the caller may read, keyed by its acl key rendered as text
   * (`"[orgId, roleId]"`). lattice-js calls this `getAllRoles`.
   */
  async getAvailableRoles(): Promise<Record<string, Role>> {
    return this.client.request({ method: "GET", path: `${BASE}/roles`, schema: z.record(z.string(), Role) });
  }

  /** `GET /datastore/principals/roles/current` — the caller's own roles (securable principals). */
  async getCurrentRoles(): Promise<SecurablePrincipal[]> {
    return this.client.request({ method: "GET", path: `${BASE}/roles/current`, schema: z.array(SecurablePrincipal) });
  }

  // ── The caller's database login ──

  /** `GET /datastore/principals/db` — the caller's own PostgreSQL login `{username, credential}` (username like `user0042`). */
  async getMaterializedViewAccount(): Promise<DbAccount> {
    return this.client.request({ method: "GET", path: `${BASE}/db`, schema: DbAccount });
  }

  /** `POST /datastore/principals/db/credential` — gives the caller's PostgreSQL login a new credential and returns the login. */
  async regenerateCredential(): Promise<DbAccount> {
    return this.client.request({ method: "POST", path: `${BASE}/db/credential`, schema: DbAccount });
  }
}
