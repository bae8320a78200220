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

const DocumentMember = z.strictObject({
  email,
  userId: text.optional(),
  roles: z.array(title).default([]),
});

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
    member: email.optional(),
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

/** A member, keyed by e-mail; `userId` is informational; `roles` are role titles. */
export interface DocumentMember {
  email: string;
  userId?: string;
  roles: string[];
}

/** An assembled entity set; `refreshRate` in minutes, null for none, absent when unknown (the API does not answer it). */
export interface DocumentEntitySet {
  name: string;
  id?: string;
  refreshRate?: number | null;
}

/** Permissions on an entity set or a table (by name), held by a role (title) or a member (e-mail). */
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
  const by = item.role !== undefined ? `role ${item.role}` : `member ${item.member!.toLowerCase()}`;
  return `${on} · ${by}`;
}
