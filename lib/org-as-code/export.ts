import { createHash } from "node:crypto";
import { check } from "../api/args.js";
import { rolesInOrganization } from "../api/users.js";
import type { OpenLattice } from "../connect.js";
import { ApiError } from "../errors.js";
import { type Acl, type EntitySetFlags, Permission } from "../schemas/index.js";
import { checkConcurrency, forEachBounded } from "../bulk/pool.js";
import {
  DOCUMENT_VERSION,
  type DocumentMember,
  type DocumentPermission,
  memberKey,
  memberNames,
  type OrganizationDocument,
  permissionKey,
  type TableRef,
  tableNames,
} from "./document.js";

/** The APIs export and plan read with; `connect()` has them all. */
export type OrganizationApis = Pick<
  OpenLattice,
  "client" | "organizations" | "principals" | "entitySets" | "permissions" | "datasets"
>;

/** What plan and apply need beyond the document: the ids behind its names. */
export interface LiveOrganization {
  document: OrganizationDocument;
  organizationId: string;
  /** Of the organization's id and principal, and the deployment: a plan made for it is applied to it only. */
  fingerprint: string;
  /** Role title → the role's id and principal id. */
  roles: Record<string, { id: string; principalId: string }>;
  /** Entity sets of the organization (assembled or not), name → id. */
  entitySets: Record<string, string>;
  /** The tables of its database. */
  tables: TableRef[];
}

/**
 * The organization as a document (`OrganizationDocument`): title, description, e-mail domains, roles with their
 * grants, members by e-mail (by user id when they have none) with their roles, the assembled entity sets, and the
 * permissions roles and members hold on the organization's entity sets and tables (by name; `schema.name` for a
 * name two schemas have). Sorted (roles by title, members by e-mail…), ids beside names. The organization's admin role is left out: it comes with the organization and cannot be deleted. Reads
 * only, at most `concurrency` requests at a time. No credentials.
 * @example writeOrganizationDocument("organization.yaml", await exportOrganization(connect(), organizationId));
 */
export async function exportOrganization(
  ol: OrganizationApis,
  organizationId: string,
  options: { concurrency?: number } = {},
): Promise<OrganizationDocument> {
  return (await readLiveOrganization(ol, organizationId, options)).document;
}

/** The fingerprint of an organization on a deployment. */
export function organizationFingerprint(baseUrl: string, organizationId: string, principalId: string): string {
  return createHash("sha256")
    .update(`${new URL(baseUrl).origin}\n${organizationId.toLowerCase()}\n${principalId}`)
    .digest("hex")
    .slice(0, 16);
}

/**
 * Reads everything a document holds about the organization, once; with `membershipOnly`, its title, roles and
 * members alone (no entity sets, tables or permissions).
 */
export async function readLiveOrganization(
  ol: OrganizationApis,
  organizationId: string,
  options: { concurrency?: number; membershipOnly?: boolean } = {},
): Promise<LiveOrganization> {
  check.uuid("organizationId", organizationId);
  const concurrency = checkConcurrency("options.concurrency", options.concurrency ?? 8);
  const { organizations } = ol;
  const all = options.membershipOnly !== true;
  const [organization, roles, members, flags, tables] = await Promise.all([
    organizations.getOrganization(organizationId),
    organizations.getRoles(organizationId),
    organizations.getMembers(organizationId),
    all ? organizations.getOrganizationEntitySets(organizationId) : ({} as EntitySetFlags),
    all ? ol.datasets.getOrganizationDataSets(organizationId, { columns: false }) : [],
  ]);
  const adminRoleId = organization.adminRoleAclKey[1];
  const ownRoles = roles.filter((role) => role.id !== adminRoleId).sort((a, b) => a.title.localeCompare(b.title));
  const setIds = Object.keys(flags);
  const sets = setIds.length ? await ol.entitySets.getEntitySetsById(setIds) : {};
  const entitySets = Object.fromEntries(Object.values(sets).map((set) => [set.name, set.id]));
  const tableRefs = tables.map(({ id, name, schema }) => ({ id, name, ...(schema === undefined ? {} : { schema }) }));
  const tableKey = tableNames(tableRefs).keyOf;

  const nameOf = new Map(
    members.map((member) => [member.profile.user_id, member.profile.email ?? member.profile.user_id]),
  );
  const roleTitleOf = new Map(ownRoles.map((role) => [role.principal.id, role.title]));
  const objects = !all
    ? []
    : [
        ...Object.entries(entitySets).map(([name, id]) => ({ entitySet: name, id })),
        ...tableRefs.map((table) => ({ table: tableKey(table), id: table.id })),
      ];
  const permissions: DocumentPermission[] = [];
  await forEachBounded(objects, concurrency, async ({ id, ...on }) => {
    for (const ace of (await readableAcl(ol, id))?.aces ?? []) {
      const holder =
        ace.principal.type === "ROLE"
          ? { role: roleTitleOf.get(ace.principal.id) }
          : ace.principal.type === "USER"
            ? { member: nameOf.get(ace.principal.id) }
            : {};
      const held = sortPermissions(ace.permissions);
      if (Object.values(holder)[0] !== undefined && held.length)
        permissions.push({ ...on, ...holder, permissions: held });
    }
  });
  permissions.sort((a, b) => permissionKey(a).localeCompare(permissionKey(b)));

  const document: OrganizationDocument = {
    version: DOCUMENT_VERSION,
    organization: {
      id: organization.id,
      title: organization.title,
      description: organization.description,
      emailDomains: [...organization.emailDomains].sort(),
    },
    roles: {
      prune: false,
      items: ownRoles.map((role) => ({
        title: role.title,
        id: role.id,
        description: role.description,
        grants: Object.values(organization.grants[role.id] ?? {})
          .map(({ grantType, mappings, attribute }) => ({ grantType, mappings, attribute }))
          .sort((a, b) => a.grantType.localeCompare(b.grantType)),
      })),
    },
    members: {
      prune: false,
      items: members
        .map((member) => {
          const { profile } = member;
          const item: DocumentMember = {
            ...(profile.email === undefined ? {} : { email: profile.email }),
            userId: profile.user_id,
            roles: rolesInOrganization(member, organizationId)
              .filter((role) => role.id !== adminRoleId)
              .map((role) => role.title)
              .sort(),
          };
          const name = profile.name ?? profile.nickname ?? profile.username;
          if (profile.email === undefined && name) memberNames.set(item, name);
          return item;
        })
        .sort((a, b) => memberKey(a).localeCompare(memberKey(b))),
    },
    entitySets: Object.values(sets)
      .filter((set) => flags[set.id]?.includes("MATERIALIZED"))
      .map((set) => ({ name: set.name, id: set.id }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    permissions: { prune: false, items: permissions },
  };
  return {
    document,
    organizationId: organization.id,
    fingerprint: organizationFingerprint(ol.client.configuration.host, organization.id, organization.principal.id),
    roles: Object.fromEntries(ownRoles.map((role) => [role.title, { id: role.id, principalId: role.principal.id }])),
    entitySets,
    tables: tableRefs,
  };
}

/** The object's ACL, or undefined when the caller may not read it (it needs OWNER): those entries stay unknown. */
async function readableAcl(ol: OrganizationApis, id: string): Promise<Acl | undefined> {
  try {
    return await ol.permissions.getAcl([id]);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404))
      return undefined;
    throw error;
  }
}

/** Permissions in the server's order, each once. */
export function sortPermissions(permissions: readonly Permission[]): Permission[] {
  return Permission.options.filter((permission) => permissions.includes(permission));
}
