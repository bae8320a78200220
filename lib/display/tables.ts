import { rolesInOrganization } from "../api/users.js";
import type {
  EntitySet,
  Organization,
  OrganizationMember,
  Role,
  SecurablePrincipal,
  UserProfile,
} from "../schemas/index.js";
import { buildTable, type Column, type DisplayOptions, type Table } from "./model.js";
import { isSecretName, REDACTED } from "../redaction.js";

/** A table builder for one item type: its columns, and the noun its count is written with. */
function tableOf<T>(noun: string, columns: Column<T>[]): (items: readonly T[], options?: DisplayOptions) => Table {
  return (items, options) => buildTable(items, columns, noun, options);
}

/** Organizations (`getOrganizations`): title, id, principal, member and role counts, description. */
export const organizationsTable = tableOf<Organization>("organization", [
  ["title", (o) => o.title],
  ["id", (o) => o.id],
  ["principal", (o) => o.principal?.id],
  ["members", (o) => o.members?.length],
  ["roles", (o) => o.roles?.length],
  ["description", (o) => o.description],
]);

/** Roles (`getRoles`): title, description, principal id, role id. */
export const rolesTable = tableOf<Role>("role", [
  ["title", (r) => r.title],
  ["description", (r) => r.description],
  ["principal", (r) => r.principal?.id],
  ["id", (r) => r.id],
]);

/** Securable principals of any kind (a member's `roles`, `getOrganizationsMetadata`): type, title, principal id, id. */
export const principalsTable = tableOf<SecurablePrincipal>("principal", [
  ["type", (p) => p.principal?.type],
  ["title", (p) => p.title],
  ["principal", (p) => p.principal?.id],
  ["id", (p) => p.id],
]);

/** Entity sets (`getAllEntitySets`, `getEntitySetsById`…): name, title, description, id. */
export const entitySetsTable = tableOf<EntitySet>("entity set", [
  ["name", (e) => e.name],
  ["title", (e) => e.title],
  ["description", (e) => e.description],
  ["id", (e) => e.id],
]);

/** Users (`getAllUsersOfRole`, search answers): name, e-mail, user id. */
export const usersTable = tableOf<UserProfile>("user", [
  ["name", (u) => u.name],
  ["email", (u) => u.email],
  ["user id", (u) => u.user_id],
]);

/**
 * Members (`getMembers`): name, e-mail, user id and role titles. With `options.organizationId` the roles are the
 * member's roles in that organization; without it, every role they hold in any organization.
 */
export function membersTable(members: readonly OrganizationMember[], options: DisplayOptions = {}): Table {
  const { organizationId } = options;
  const roles = (member: OrganizationMember) =>
    (organizationId
      ? rolesInOrganization(member, organizationId)
      : (member.roles ?? []).filter((p) => p.principal?.type === "ROLE")
    ).map((role) => role.title);
  const columns: Column<OrganizationMember>[] = [
    ["name", (m) => m.profile?.name],
    ["email", (m) => m.profile?.email],
    ["user id", (m) => m.profile?.user_id ?? m.principal?.principal?.id],
    [organizationId ? "roles" : "roles (all organizations)", roles],
  ];
  return buildTable(members, columns, "member", options);
}

/** Any objects, one column per key (in order of first appearance); secret fields such as `credential` show `[redacted]`. */
export function objectsTable(rows: readonly object[], options?: DisplayOptions): Table {
  const records = rows.map(entriesOf);
  const keys = [...new Set(records.flatMap((record) => Object.keys(record)))];
  const columns = keys.map((key): Column<Record<string, unknown>> => [
    key,
    (record) => (isSecretName(key) && key in record ? REDACTED : record[key]),
  ]);
  return buildTable(records, columns, "row", options);
}

/** An object's fields as shown: its `toJSON()` when it has one (Configuration, errors), else its own fields. */
export function entriesOf(value: object): Record<string, unknown> {
  const json =
    typeof (value as { toJSON?: unknown }).toJSON === "function" ? (value as { toJSON(): unknown }).toJSON() : value;
  return json !== null && typeof json === "object" ? { ...(json as Record<string, unknown>) } : { value: json };
}
