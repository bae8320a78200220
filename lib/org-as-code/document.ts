import { z } from "zod";
import { Grant, type GrantType, Permission, Uuid } from "../schemas/index.js";

/** The document version this library writes and reads. A newer one is refused: it may mean something this one does not know. */
export const DOCUMENT_VERSION = 1;

const text = z.string();
const title = z.string().trim().min(1, "must not be blank");
const email = z
  .string()
  .trim()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an e-mail address like name@example.org");
/** A user id has the identity provider before a bar (`auth0|5e39…`, `google-oauth2|1047…`); an e-mail has none. */
export const isUserId = (name: string) => name.includes("|");
const userId = z.string().trim().refine(isUserId, "must be a user id like auth0|5e39a1c7d2f84a0012b3c401");
/** A member named by e-mail or, for a user without one, by user id. */
const memberName = z
  .string()
  .trim()
  .refine(
    (name) => isUserId(name) || email.safeParse(name).success,
    "must be an e-mail address like name@example.org or a user id like auth0|5e39a1c7d2f84a0012b3c401",
  );
/** A section that may be complete: with `prune: true`, what the live organization has beyond `items` is removed. */
const section = <T extends z.ZodType>(item: T) =>
  z.strictObject({ prune: z.boolean().default(false), items: z.array(item).default([]) });

const DocumentGrant = z.strictObject({
  grantType: Grant.shape.grantType,
  mappings: z.array(text).default([]),
  attribute: text.default(""),
});

const DocumentRole = z.strictObject({
  title,
  id: Uuid.optional(),
  description: text.default(""),
  grants: z.array(DocumentGrant).default([]),
});

const DocumentMember = z
  .strictObject({
    email: email.optional(),
    userId: userId.optional(),
    roles: z.array(title).default([]),
  })
  .refine((m) => m.email !== undefined || m.userId !== undefined, "needs an email, or a userId for a user without one");

const DocumentEntitySet = z.strictObject({
  name: title,
  id: Uuid.optional(),
  refreshRate: z
    .number()
    .int()
    .min(1, "must be whole minutes ≥ 1 (or null: no refresh on a schedule)")
    .nullable()
    .optional(),
});

const DocumentPermission = z
  .strictObject({
    entitySet: title.optional(),
    table: title.optional(),
    role: title.optional(),
    member: memberName.optional(),
    permissions: z.array(Permission).min(1, "must name at least one permission"),
  })
  .refine((p) => (p.entitySet === undefined) !== (p.table === undefined), "needs exactly one of entitySet and table")
  .refine((p) => (p.role === undefined) !== (p.member === undefined), "needs exactly one of role and member");

/** The document's schema: strict (an unknown key is an error), defaults filled in. */
export const OrganizationDocument = z.strictObject({
  version: z.literal(DOCUMENT_VERSION),
  organization: z
    .strictObject({
      id: Uuid.optional(),
      title: title.optional(),
      description: text.optional(),
      emailDomains: z.array(text).optional(),
    })
    .default({}),
  roles: section(DocumentRole).default({ prune: false, items: [] }),
  members: section(DocumentMember).default({ prune: false, items: [] }),
  entitySets: z.array(DocumentEntitySet).default([]),
  permissions: section(DocumentPermission).default({ prune: false, items: [] }),
});

/** A role's automatic grant (`updateRoleGrant`); a role holds at most one per grant type. */
export interface DocumentGrant {
  grantType: GrantType;
  mappings: string[];
  attribute: string;
}

/** A role, keyed by its title within the document; `id` is informational. */
export interface DocumentRole {
  title: string;
  id?: string;
  description: string;
  grants: DocumentGrant[];
}

/** A member, keyed by e-mail, else (a user without one) by `userId`; `roles` are role titles. */
export interface DocumentMember {
  email?: string;
  userId?: string;
  roles: string[];
}

/** An assembled entity set; `refreshRate` in minutes, null for none, absent when unknown (the API does not answer it). */
export interface DocumentEntitySet {
  name: string;
  id?: string;
  refreshRate?: number | null;
}

/**
 * Permissions on an entity set or a table (by name; `schema.name` for a name two schemas have), held by a role
 * (title) or a member (e-mail, or user id for a user without one).
 */
export interface DocumentPermission {
  entitySet?: string;
  table?: string;
  role?: string;
  member?: string;
  permissions: Permission[];
}

/** A section that may be declared complete: `prune: true` removes what the live organization has beyond `items`. */
export interface DocumentSection<T> {
  prune: boolean;
  items: T[];
}

/** An organization as code: what `exportOrganization` writes and `planOrganization` reads. Absent fields are left as they are. */
export interface OrganizationDocument {
  version: 1;
  organization: { id?: string; title?: string; description?: string; emailDomains?: string[] };
  roles: DocumentSection<DocumentRole>;
  members: DocumentSection<DocumentMember>;
  entitySets: DocumentEntitySet[];
  permissions: DocumentSection<DocumentPermission>;
}

/** The object a permission item is on, and the principal holding it, as one line of text: `entitySet people · role Analysts`. */
export function permissionKey(item: Pick<DocumentPermission, "entitySet" | "table" | "role" | "member">): string {
  const on = item.entitySet !== undefined ? `entitySet ${item.entitySet}` : `table ${item.table}`;
  const by = item.role !== undefined ? `role ${item.role}` : `member ${principalKey(item.member!)}`;
  return `${on} · ${by}`;
}

/** How a document names a user, compared: an e-mail in lower case, a user id as it is. */
export const principalKey = (name: string) => (isUserId(name) ? name : name.toLowerCase());

/** A member's key: its e-mail (in lower case), else its user id. */
export const memberKey = (member: Pick<DocumentMember, "email" | "userId">) =>
  principalKey(member.email ?? member.userId!);

/** The names export knows of members without an e-mail, written beside their user id as a comment. */
export const memberNames = new WeakMap<DocumentMember, string>();

/** A table of the organization's database as the API lists it; `schema` is absent on servers that do not answer it. */
export interface TableRef {
  id: string;
  name: string;
  schema?: string;
}

/**
 * The names a document may give `tables`: `schema.name` for each, and the plain name, which may fit several.
 * `keyOf` is the name export writes: the plain name when one table has it, else `schema.name`.
 */
export function tableNames(tables: readonly TableRef[]) {
  const named = new Map<string, TableRef[]>();
  const enter = (name: string, table: TableRef) => named.set(name, [...(named.get(name) ?? []), table]);
  for (const table of tables) {
    enter(table.name, table);
    if (table.schema !== undefined) enter(qualified(table), table);
  }
  return {
    /** The tables a name fits: one, none, or (a plain name of several schemas) more. */
    find: (name: string) => named.get(name) ?? [],
    keyOf: (table: TableRef) =>
      table.schema === undefined || named.get(table.name)!.length === 1 ? table.name : qualified(table),
  };
}

const qualified = (table: TableRef) => `${table.schema}.${table.name}`;
