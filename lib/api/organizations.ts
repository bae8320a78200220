import { z } from "zod";
import type { ApiClient } from "../client.js";
import { InputError } from "../errors.js";
import {
  EntitySetFlag,
  EntitySetFlags,
  Grant,
  type GrantInput,
  IntegrationAccount,
  type NewOrganization,
  type NewRole,
  Organization,
  OrganizationMember,
  OrganizationPrincipal,
  Role,
  UserProfile,
  Uuid,
} from "../schemas/index.js";
import { DatabaseName, Description, EmailDomain, EmailDomains, Title } from "../schemas/input.js";
import { confirmOption, requireConfirmation, type ConfirmOptions } from "../confirmation.js";
import { check, parseArgument, path } from "./args.js";
import { toRoleBody } from "./roles.js";

const BASE = "/datastore/organizations";

/**
 * The OpenLattice OrganizationsApi: every call of the tutorial under its camelCased name
 * (`rename_organization_database` → `renameOrganizationDatabase`), with the real server's methods,
 * paths and content types.
 *
 * Destructive calls (destroyOrganization, renameOrganizationDatabase, removeMember, deleteRole, removeRoleFromUser)
 * take `{ confirm: <id> }` as their last argument, required for any base URL but the local sandbox (see
 * requireConfirmation). In the client's dry-run mode nothing but GET is sent and every such call, creates
 * included, resolves to `undefined`.
 * @example const organizationsApi = new OrganizationsApi(new ApiClient(configuration));
 */
export class OrganizationsApi {
  constructor(readonly client: ApiClient) {}

  // ── Create and modify organizations ──

  /**
   * `POST /datastore/organizations` — creates an organization and returns its id. `title` and
   * `principal` (`{type: "ORGANIZATION", id}`, unique on the platform) are required.
   * In dry-run mode nothing is sent and this resolves to `undefined`.
   * @example await organizationsApi.createOrganizationIfNotExists({ title: "Demo", principal: { type: "ORGANIZATION", id: "Demo" } })
   */
  async createOrganizationIfNotExists(organization: NewOrganization): Promise<string> {
    if (typeof organization !== "object" || organization === null)
      throw new InputError("organization", "must be an object", organization);
    check.follows("organization.title", Title, organization.title);
    if (organization.principal?.type !== "ORGANIZATION") {
      throw new InputError("organization.principal.type", 'must be "ORGANIZATION"', organization.principal?.type);
    }
    check.nonBlank("organization.principal.id", organization.principal.id);
    const json = {
      description: "",
      emailDomains: [],
      members: [],
      roles: [],
      apps: [],
      connections: [],
      grants: {},
      ...organization,
    };
    return this.client.request({ method: "POST", path: BASE, json, schema: Uuid });
  }

  /**
   * `DELETE /datastore/organizations/{organizationId}` — destroys the organization and drops its database (owner).
   * Off the local sandbox pass `{ confirm: organizationId }`.
   * @throws ConfirmationRequiredError without it (or with another value), before sending.
   * @example await organizationsApi.destroyOrganization(id, { confirm: id })
   */
  async destroyOrganization(organizationId: string, options?: ConfirmOptions): Promise<void> {
    const route = this.#org(organizationId);
    this.#confirm("destroyOrganization", organizationId, options);
    return this.client.request({ method: "DELETE", path: route });
  }

  /** `GET /datastore/organizations/{organizationId}` — the organization, with the roles the caller may read (member). */
  async getOrganization(organizationId: string): Promise<Organization> {
    return this.client.request({ method: "GET", path: this.#org(organizationId), schema: Organization });
  }

  /** `GET /datastore/organizations` — every organization the caller may read. */
  async getOrganizations(): Promise<Organization[]> {
    return this.client.request({ method: "GET", path: BASE, schema: z.array(Organization) });
  }

  /** `GET /datastore/organizations/metadata` — a light listing: the organization principals the caller may read. */
  async getOrganizationsMetadata(): Promise<OrganizationPrincipal[]> {
    return this.client.request({ method: "GET", path: `${BASE}/metadata`, schema: z.array(OrganizationPrincipal) });
  }

  /**
   * `POST /datastore/organizations/{organizationId}/entity-sets` — the organization's entity sets that carry
   * any of `flags`, each with its flags (member).
   * @example await organizationsApi.getFlaggedOrganizationEntitySets(id, ["MATERIALIZED"])
   */
  async getFlaggedOrganizationEntitySets(organizationId: string, flags: EntitySetFlag[]): Promise<EntitySetFlags> {
    const parsed = z.array(EntitySetFlag).safeParse(flags);
    if (!parsed.success)
      throw new InputError("flags", `must be flags among ${EntitySetFlag.options.join(", ")}`, flags);
    const route = this.#org(organizationId, "/entity-sets");
    return this.client.request({
      method: "POST",
      path: route,
      json: parsed.data,
      schema: EntitySetFlags,
      readsOnly: true,
    });
  }

  /** `GET /datastore/organizations/{organizationId}/entity-sets` — every entity set of the organization with its flags (member). */
  async getOrganizationEntitySets(organizationId: string): Promise<EntitySetFlags> {
    return this.client.request({
      method: "GET",
      path: this.#org(organizationId, "/entity-sets"),
      schema: EntitySetFlags,
    });
  }

  /** `GET /datastore/organizations/{organizationId}/integration` — the organization's PostgreSQL login `{user, credential}` (owner). */
  async getOrganizationIntegrationAccount(organizationId: string): Promise<IntegrationAccount> {
    return this.client.request({
      method: "GET",
      path: this.#org(organizationId, "/integration"),
      schema: IntegrationAccount,
    });
  }

  /** `PATCH /datastore/organizations/{organizationId}/integration` — gives the integration login a new credential and returns it (owner). */
  async rollOrganizationIntegrationAccount(organizationId: string): Promise<IntegrationAccount> {
    return this.client.request({
      method: "PATCH",
      path: this.#org(organizationId, "/integration"),
      schema: IntegrationAccount,
    });
  }

  /**
   * `GET /datastore/organizations/{organizationId}/integration/roles` — the PostgreSQL login of the organization's
   * admin role `{user, credential}` (owner): it connects to the organization's database with the admin role's access.
   */
  async getOrganizationAdminRoleDatabaseAccount(organizationId: string): Promise<IntegrationAccount> {
    return this.client.request({
      method: "GET",
      path: this.#org(organizationId, "/integration/roles"),
      schema: IntegrationAccount,
    });
  }

  /** `GET /datastore/organizations/{organizationId}/database` — the name of the organization's database (member). */
  async getOrganizationDatabaseName(organizationId: string): Promise<string> {
    return this.client.request({
      method: "GET",
      path: this.#org(organizationId, "/database"),
      responseType: "text",
      schema: z.string(),
    });
  }

  /**
   * `PATCH /datastore/organizations/{organizationId}/database` (`text/plain`) — renames the organization's database;
   * 8–50 characters (owner). Off the local sandbox pass `{ confirm: organizationId }` (the organization's id, not
   * the database's current name).
   * @throws ConfirmationRequiredError without it (or with another value), before sending.
   */
  async renameOrganizationDatabase(organizationId: string, name: string, options?: ConfirmOptions): Promise<void> {
    const route = this.#org(organizationId, "/database");
    const text = check.follows("name", DatabaseName, name);
    this.#confirm("renameOrganizationDatabase", organizationId, options);
    return this.client.request({ method: "PATCH", path: route, text });
  }

  /** `PUT /datastore/organizations/{organizationId}/description` (`text/plain`) — replaces the description (owner). */
  async updateDescription(organizationId: string, description: string): Promise<void> {
    return this.client.request({
      method: "PUT",
      path: this.#org(organizationId, "/description"),
      text: check.follows("description", Description, description),
    });
  }

  /** `PUT /datastore/organizations/{organizationId}/title` (`text/plain`) — replaces the title; it may not be blank (owner). */
  async updateTitle(organizationId: string, title: string): Promise<void> {
    return this.client.request({
      method: "PUT",
      path: this.#org(organizationId, "/title"),
      text: check.follows("title", Title, title),
    });
  }

  // ── Membership ──

  /** `PUT /datastore/organizations/{organizationId}/principals/members/{userId}` — adds a user as a member (owner; idempotent). */
  async addMember(organizationId: string, userId: string): Promise<void> {
    return this.client.request({ method: "PUT", path: this.#member(organizationId, userId) });
  }

  /** `GET /datastore/organizations/{organizationId}/principals/members` — each member's principal, Auth0 profile and roles (member). */
  async getMembers(organizationId: string): Promise<OrganizationMember[]> {
    return this.client.request({
      method: "GET",
      path: this.#org(organizationId, "/principals/members"),
      schema: z.array(OrganizationMember),
    });
  }

  /**
   * `DELETE /datastore/organizations/{organizationId}/principals/members/{userId}` — removes a member and their roles
   * in it (owner, or the member themselves). Off the local sandbox pass `{ confirm: userId }`.
   * @throws ConfirmationRequiredError without it (or with another value), before sending.
   */
  async removeMember(organizationId: string, userId: string, options?: ConfirmOptions): Promise<void> {
    const route = this.#member(organizationId, userId);
    this.#confirm("removeMember", userId, options);
    return this.client.request({ method: "DELETE", path: route });
  }

  /** `GET /datastore/organizations/{organizationId}/email-domains` — the auto-approved e-mail domains (owner). */
  async getAutoApprovedEmailDomains(organizationId: string): Promise<string[]> {
    return this.client.request({
      method: "GET",
      path: this.#org(organizationId, "/email-domains"),
      schema: z.array(z.string()),
    });
  }

  /** `PUT /datastore/organizations/{organizationId}/email-domains` — replaces the auto-approved e-mail domains (global admin). */
  async setAutoApprovedEmailDomain(organizationId: string, emailDomains: string[]): Promise<void> {
    const json = check.follows("emailDomains", EmailDomains, emailDomains);
    return this.client.request({ method: "PUT", path: this.#org(organizationId, "/email-domains"), json });
  }

  /** `POST /datastore/organizations/{organizationId}/email-domains` — adds auto-approved e-mail domains (global admin). */
  async addAutoApprovedEmailDomains(organizationId: string, emailDomains: string[]): Promise<void> {
    const json = check.follows("emailDomains", EmailDomains, emailDomains);
    return this.client.request({ method: "POST", path: this.#org(organizationId, "/email-domains"), json });
  }

  /** `DELETE /datastore/organizations/{organizationId}/email-domains` — removes auto-approved e-mail domains (global admin). */
  async removeAutoApprovedEmailDomains(organizationId: string, emailDomains: string[]): Promise<void> {
    const json = check.follows("emailDomains", EmailDomains, emailDomains);
    return this.client.request({ method: "DELETE", path: this.#org(organizationId, "/email-domains"), json });
  }

  /** `PUT /datastore/organizations/{organizationId}/email-domains/{emailDomain}` — adds one auto-approved e-mail domain (global admin). */
  async addAutoApprovedEmailDomain(organizationId: string, emailDomain: string): Promise<void> {
    const domain = check.follows("emailDomain", EmailDomain, emailDomain);
    return this.client.request({ method: "PUT", path: this.#org(organizationId, path`/email-domains/${domain}`) });
  }

  /** `DELETE /datastore/organizations/{organizationId}/email-domains/{emailDomain}` — removes one auto-approved e-mail domain (global admin). */
  async removeAutoApprovedEmailDomain(organizationId: string, emailDomain: string): Promise<void> {
    const domain = check.follows("emailDomain", EmailDomain, emailDomain);
    return this.client.request({ method: "DELETE", path: this.#org(organizationId, path`/email-domains/${domain}`) });
  }

  // ── Roles ──

  /**
   * `POST /datastore/organizations/roles` — creates a role (owner of `role.organizationId`) and returns its id.
   * `@class` is added; the principal id is by convention `"<organizationId>|<Name>"`.
   * In dry-run mode nothing is sent and this resolves to `undefined`.
   * @example await organizationsApi.createRole({ organizationId, title: "Analyst", principal: { type: "ROLE", id: `${organizationId}|Analyst` } })
   */
  async createRole(role: NewRole): Promise<string> {
    return this.client.request({ method: "POST", path: `${BASE}/roles`, json: toRoleBody(role), schema: Uuid });
  }

  /**
   * `DELETE /datastore/organizations/{organizationId}/principals/roles/{roleId}` — deletes a role; not the admin role
   * (owner). Off the local sandbox pass `{ confirm: roleId }`.
   * @throws ConfirmationRequiredError without it (or with another value), before sending.
   */
  async deleteRole(organizationId: string, roleId: string, options?: ConfirmOptions): Promise<void> {
    const route = this.#role(organizationId, roleId);
    this.#confirm("deleteRole", roleId, options);
    return this.client.request({ method: "DELETE", path: route });
  }

  /** `GET /datastore/organizations/{organizationId}/principals/roles/{roleId}` — one role (READ on the role). */
  async getRole(organizationId: string, roleId: string): Promise<Role> {
    return this.client.request({ method: "GET", path: this.#role(organizationId, roleId), schema: Role });
  }

  /** `GET /datastore/organizations/{organizationId}/principals/roles` — the roles the caller may read (member). */
  async getRoles(organizationId: string): Promise<Role[]> {
    return this.client.request({
      method: "GET",
      path: this.#org(organizationId, "/principals/roles"),
      schema: z.array(Role),
    });
  }

  /** `GET /datastore/organizations/{organizationId}/principals/roles/{roleId}/members` — the Auth0 profiles of the role's users (member). */
  async getAllUsersOfRole(organizationId: string, roleId: string): Promise<UserProfile[]> {
    return this.client.request({
      method: "GET",
      path: this.#role(organizationId, roleId, "/members"),
      schema: z.array(UserProfile),
    });
  }

  /** `PUT /datastore/organizations/{organizationId}/principals/roles/{roleId}/members/{userId}` — gives a user the role (owner of the role). */
  async addRoleToUser(organizationId: string, roleId: string, userId: string): Promise<void> {
    return this.client.request({ method: "PUT", path: this.#role(organizationId, roleId, this.#user(userId)) });
  }

  /**
   * `DELETE /datastore/organizations/{organizationId}/principals/roles/{roleId}/members/{userId}` — takes the role
   * from a user (owner of the role). Off the local sandbox pass `{ confirm: userId }`.
   * @throws ConfirmationRequiredError without it (or with another value), before sending.
   */
  async removeRoleFromUser(
    organizationId: string,
    roleId: string,
    userId: string,
    options?: ConfirmOptions,
  ): Promise<void> {
    const route = this.#role(organizationId, roleId, this.#user(userId));
    this.#confirm("removeRoleFromUser", userId, options);
    return this.client.request({ method: "DELETE", path: route });
  }

  /** `PUT /datastore/organizations/{organizationId}/principals/roles/{roleId}/title` (`text/plain`) — renames a role (owner). */
  async updateRoleTitle(organizationId: string, roleId: string, title: string): Promise<void> {
    return this.client.request({
      method: "PUT",
      path: this.#role(organizationId, roleId, "/title"),
      text: check.follows("title", Title, title),
    });
  }

  /** `PUT /datastore/organizations/{organizationId}/principals/roles/{roleId}/description` (`text/plain`) — replaces a role's description (owner). The Python client's POST is wrong; the server maps PUT. */
  async updateRoleDescription(organizationId: string, roleId: string, description: string): Promise<void> {
    const text = check.follows("description", Description, description);
    return this.client.request({ method: "PUT", path: this.#role(organizationId, roleId, "/description"), text });
  }

  /**
   * `PUT /datastore/organizations/{organizationId}/principals/roles/{roleId}/grant` — sets how the role is given
   * automatically to users who join (owner of the organization and of the role): `Automatic` to everyone,
   * `EmailDomain` to users whose e-mail domain is one of the mappings' (`"anyone@example.org"`), `Groups`, `Roles`
   * and `Attributes` by the user's Auth0 app_metadata; `Manual` never. One grant per type; a new one replaces it.
   * @example await organizationsApi.updateRoleGrant(orgId, roleId, { grantType: "Automatic", mappings: [] })
   */
  async updateRoleGrant(organizationId: string, roleId: string, grant: GrantInput): Promise<void> {
    const json = parseArgument("grant", Grant, grant);
    return this.client.request({ method: "PUT", path: this.#role(organizationId, roleId, "/grant"), json });
  }

  // ── Assembler ──

  /**
   * `POST /datastore/organizations/{organizationId}/entity-sets/assemble` — materializes entity sets in the
   * organization's database; the body maps each entity set id to a refresh rate in minutes (or null). Owner.
   * The final public server answers 500 "not implemented" (a NotImplementedError here).
   */
  async assembleEntitySets(
    organizationId: string,
    refreshRates: Record<string, number | null>,
  ): Promise<EntitySetFlags> {
    if (typeof refreshRates !== "object" || refreshRates === null)
      throw new InputError("refreshRates", "must map entity set ids to minutes or null", refreshRates);
    for (const [id, minutes] of Object.entries(refreshRates)) {
      check.uuid("refreshRates key", id);
      if (minutes !== null && !(Number.isInteger(minutes) && minutes >= 1))
        throw new InputError(`refreshRates[${id}]`, "must be whole minutes ≥ 1 or null", minutes);
    }
    return this.client.request({
      method: "POST",
      path: this.#org(organizationId, "/entity-sets/assemble"),
      json: refreshRates,
      schema: EntitySetFlags,
    });
  }

  /** `POST /datastore/organizations/{organizationId}/{entitySetId}/refresh` — refreshes a materialized entity set with data changes (owner). */
  async refreshDataChanges(organizationId: string, entitySetId: string): Promise<void> {
    return this.client.request({
      method: "POST",
      path: this.#org(organizationId, path`/${check.uuid("entitySetId", entitySetId)}/refresh`),
    });
  }

  /** `POST /datastore/organizations/{organizationId}/{entitySetId}/synchronize` — applies data-model changes to a materialized entity set (owner). */
  async synchronizeEdmChanges(organizationId: string, entitySetId: string): Promise<void> {
    return this.client.request({
      method: "POST",
      path: this.#org(organizationId, path`/${check.uuid("entitySetId", entitySetId)}/synchronize`),
    });
  }

  /**
   * `PUT /datastore/organizations/{organizationId}/{entitySetId}/refresh-rate` (JSON number) — refreshes a
   * materialized entity set every `minutes` (whole minutes ≥ 1) while its data changes (owner).
   */
  async updateRefreshRate(organizationId: string, entitySetId: string, minutes: number): Promise<void> {
    if (!(Number.isInteger(minutes) && minutes >= 1))
      throw new InputError("minutes", "must be whole minutes ≥ 1", minutes);
    return this.client.request({ method: "PUT", path: this.#refreshRate(organizationId, entitySetId), json: minutes });
  }

  /** `DELETE /datastore/organizations/{organizationId}/{entitySetId}/refresh-rate` — stops refreshing a materialized entity set on a schedule (owner). */
  async deleteRefreshRate(organizationId: string, entitySetId: string): Promise<void> {
    return this.client.request({ method: "DELETE", path: this.#refreshRate(organizationId, entitySetId) });
  }

  #refreshRate(organizationId: string, entitySetId: string): string {
    return this.#org(organizationId, path`/${check.uuid("entitySetId", entitySetId)}/refresh-rate`);
  }

  /** Checks a destructive call's `options.confirm` against its target (see requireConfirmation). */
  #confirm(action: string, target: string, options: ConfirmOptions | undefined): void {
    requireConfirmation(this.client, target, confirmOption(options), action);
  }

  #org(organizationId: string, rest = ""): string {
    return `${BASE}/${check.uuid("organizationId", organizationId)}${rest}`;
  }

  #user(userId: string): string {
    return path`/members/${check.userId("userId", userId)}`;
  }

  #member(organizationId: string, userId: string): string {
    return this.#org(organizationId, `/principals${this.#user(userId)}`);
  }

  #role(organizationId: string, roleId: string, rest = ""): string {
    return this.#org(organizationId, path`/principals/roles/${check.uuid("roleId", roleId)}` + rest);
  }
}
