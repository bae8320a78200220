import { InputError } from "../errors.js";
import { Permission } from "../schemas/permissions.js";

/** A list as an organization document writes it (`{ prune, items }`), or a plain array built by hand. */
export type AccessList<T> = readonly T[] | { readonly items: readonly T[] };

/**
 * What `accessMap` reads of an organization document (`exportOrganization`'s, or one built by hand): roles by
 * title, members by e-mail with the titles of the roles they hold, and permissions of a role or a member on an
 * entity set or a table, by name. Everything else in the document is ignored.
 */
export interface AccessMapInput {
  organization?: { readonly title?: string };
  /** A title of its own, when there is no `organization`. */
  title?: string;
  roles?: AccessList<{ readonly title: string }>;
  /** Each by e-mail, or by `userId` for a user without one. */
  members?: AccessList<{
    readonly email?: string;
    readonly userId?: string;
    readonly name?: string;
    readonly roles?: readonly string[];
  }>;
  entitySets?: readonly { readonly name: string }[];
  permissions?: AccessList<{
    readonly entitySet?: string;
    readonly table?: string;
    readonly role?: string;
    readonly member?: string;
    readonly permissions: readonly string[];
  }>;
}

/** One member, as `accessMap` draws them: `email` is the e-mail, else the user id; `label` the name, else that. */
export interface MapMember {
  email: string;
  label: string;
  roles: string[];
}

/** Permissions of a role or a member (by e-mail) on an entity set or a table. */
export interface MapGrant {
  on: { kind: "entitySet" | "table"; name: string };
  holder: { kind: "role" | "member"; name: string };
  permissions: Permission[];
}

/** The document read and checked: roles in document order, then those only members or permissions name. */
export interface AccessModel {
  title: string;
  roles: string[];
  members: MapMember[];
  entitySets: string[];
  grants: MapGrant[];
}

const PERMISSIONS: readonly string[] = Permission.options;

/**
 * Reads and checks an organization document. A clear `InputError` names the first problem by its path, e.g.
 * `members.items[3].email must be a non-blank string, got 42`, or a role title given twice.
 */
export function readAccessInput(input: AccessMapInput): AccessModel {
  if (!isObject(input)) throw new InputError("document", "must be an organization document (an object)", input);
  const roles = unique(
    list(input, "roles").map(([path, role]) => [path, text(role, path, "title")]),
    "role title",
  );
  const memberItems = list(input, "members");
  const members = memberItems.map(([path, member]) => readMember(member, path));
  unique(
    members.map((member, i) => [`${memberItems[i]![0]}.email`, member.email.toLowerCase()]),
    "member e-mail",
  );
  const entitySets = unique(
    items(input.entitySets, "entitySets").map(([path, set]) => [path, text(set, path, "name")]),
    "entity set name",
  );
  const grants = list(input, "permissions").map(([path, grant]) => readGrant(grant, path));
  const organizationTitle: unknown = (input.organization as { title?: unknown } | undefined)?.title;
  const title: unknown = organizationTitle ?? input.title;
  if (title !== undefined && typeof title !== "string")
    throw new InputError(organizationTitle === undefined ? "title" : "organization.title", "must be a string", title);
  const named = [
    ...members.flatMap((member) => member.roles),
    ...grants.flatMap((grant) => (grant.holder.kind === "role" ? [grant.holder.name] : [])),
  ];
  return {
    title: title ?? "",
    roles: [...new Set([...roles, ...named])],
    members,
    entitySets,
    grants,
  };
}

function readMember(member: unknown, path: string): MapMember {
  const byId = isObject(member) && member.email === undefined && member.userId !== undefined;
  const email = text(member, path, byId ? "userId" : "email");
  const name = (member as { name?: unknown }).name;
  if (name !== undefined && typeof name !== "string") throw new InputError(`${path}.name`, "must be a string", name);
  const roles = (member as { roles?: unknown }).roles ?? [];
  if (!Array.isArray(roles)) throw new InputError(`${path}.roles`, "must be a list of role titles", roles);
  roles.forEach((role, i) => text({ role }, `${path}.roles[${i}]`, "role"));
  return { email, label: name?.trim() || email, roles: [...new Set(roles as string[])] };
}

function readGrant(grant: unknown, path: string): MapGrant {
  const on = exactlyOne(grant, path, "entitySet", "table");
  const holder = exactlyOne(grant, path, "role", "member");
  const permissions = (grant as { permissions?: unknown }).permissions;
  if (!Array.isArray(permissions) || permissions.length === 0) {
    throw new InputError(`${path}.permissions`, `must be a non-empty list of ${PERMISSIONS.join(", ")}`, permissions);
  }
  permissions.forEach((permission, i) => {
    if (!PERMISSIONS.includes(permission))
      throw new InputError(`${path}.permissions[${i}]`, `must be one of ${PERMISSIONS.join(", ")}`, permission);
  });
  return { on, holder, permissions: [...new Set(permissions as Permission[])] };
}

/** The one of two keys an item has: `entitySet` or `table`, `role` or `member`. */
function exactlyOne<K extends string>(item: unknown, path: string, a: K, b: K): { kind: K; name: string } {
  if (!isObject(item)) throw new InputError(path, "must be an object", item);
  const has = [a, b].filter((key) => item[key] !== undefined);
  if (has.length !== 1) throw new InputError(path, `needs exactly one of ${a} and ${b}`, item);
  return { kind: has[0]!, name: text(item, path, has[0]!) };
}

/** `[path, item]` of a document list: `roles.items[2]`, or `roles[2]` for a plain array. */
function list(input: AccessMapInput, key: "roles" | "members" | "permissions"): Array<[string, unknown]> {
  const value: unknown = input[key];
  if (value === undefined || Array.isArray(value)) return items(value, key);
  if (!isObject(value) || !Array.isArray(value.items))
    throw new InputError(key, "must be a list or { items: [...] }", value);
  return items(value.items, `${key}.items`);
}

function items(value: unknown, path: string): Array<[string, unknown]> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InputError(path, "must be a list", value);
  return value.map((item, i) => [`${path}[${i}]`, item]);
}

function text(item: unknown, path: string, key: string): string {
  if (!isObject(item)) throw new InputError(path, "must be an object", item);
  const value = item[key];
  if (typeof value !== "string" || value.trim() === "")
    throw new InputError(`${path}.${key}`, "must be a non-blank string", value);
  return value.trim();
}

/** The values, refusing one given twice with both paths: `roles.items[3].title repeats roles.items[0]'s "Analysts"`. */
function unique(pairs: Array<[string, string]>, what: string): string[] {
  const seen = new Map<string, string>();
  for (const [path, value] of pairs) {
    const first = seen.get(value);
    if (first !== undefined) throw new InputError(path, `repeats the ${what} of ${first}`, value);
    seen.set(value, path);
  }
  return pairs.map(([, value]) => value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
