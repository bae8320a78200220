import { InputError } from "../errors.js";
import type { Permission } from "../schemas/index.js";
import type { DocumentGrant, DocumentPermission, OrganizationDocument, TableRef } from "./document.js";
import { isUserId, memberKey, principalKey, tableNames } from "./document.js";
import { sortPermissions } from "./export.js";

/**
 * The kinds of change, in the order they are applied (removals last), each with its step: changes of one step run
 * together; a step starts when the one before has finished.
 */
const STEP = {
  "create organization": 0,
  "update title": 1,
  "update description": 1,
  "set e-mail domains": 1,
  "create role": 1,
  "update role": 2,
  "set role grant": 2,
  "assemble entity set": 2,
  "add member": 2,
  "give role": 3,
  "grant permission": 3,
  "take role": 4,
  "revoke permission": 4,
  "remove member": 5,
  "delete role": 5,
} as const;
export type ChangeKind = keyof typeof STEP;
export const CHANGE_KINDS = Object.keys(STEP) as readonly ChangeKind[];
export const stepOf = (kind: ChangeKind) => STEP[kind];

/** A role as a change names it: by title, with its id and principal id when it exists already. */
export interface RoleRef {
  title: string;
  id?: string;
  principalId?: string;
}

/** An entity set or table as a change names it. */
export interface ObjectRef {
  type: "entitySet" | "table";
  name: string;
  id: string;
}

/**
 * One change of a plan: its kind, a readable target, before and after (as text), and what apply needs. `key`
 * names it uniquely; `after` lists the keys of the changes it needs done first.
 */
export interface OrganizationChange {
  key: string;
  kind: ChangeKind;
  target: string;
  before: string;
  after: string;
  needs: string[];
  role?: RoleRef;
  /** `name`: the member's e-mail, else their user id. */
  user?: { name: string; userId: string };
  object?: ObjectRef;
  permissions?: Permission[];
  grant?: DocumentGrant;
  text?: string;
  emailDomains?: string[];
  refreshRate?: number | null;
  description?: string;
}

/** The ids behind the desired document's names, found by the planner. */
export interface DiffLookups {
  /** E-mail (lower case) or user id → user id, for every user the desired document names that is not a member. */
  users: Record<string, string>;
  /** Entity set name → id, for every entity set the desired document names. */
  entitySets: Record<string, string>;
  /** The tables of the organization's database. */
  tables: TableRef[];
  /** Role title → id and principal id, of the live organization's roles. */
  roles: Record<string, { id: string; principalId: string }>;
  /** The user id of whoever applies the plan: prune never removes them (they would lose the organization half-way). */
  caller?: string;
}

const list = (items: readonly string[]) => items.join(", ");
const ORGANIZATION = "create organization";

/**
 * The changes that turn `live` (an exported document; undefined for an organization not made yet) into `desired`,
 * in the order they are applied. Pure: every id comes from `lookups`. Removals only in a section marked `prune`.
 * A member's or permission's role must be a role of either document; names must be in `lookups`.
 * @throws InputError naming the desired document's key when a name cannot be resolved.
 */
export function diffOrganizations(
  live: OrganizationDocument | undefined,
  desired: OrganizationDocument,
  lookups: DiffLookups,
): OrganizationChange[] {
  const changes: OrganizationChange[] = [];
  const add = (change: Omit<OrganizationChange, "needs"> & { needs?: (string | undefined)[] }) =>
    changes.push({ ...change, needs: [...new Set(change.needs?.filter((key): key is string => key !== undefined))] });
  const root = live ? undefined : ORGANIZATION;
  const org = desired.organization;
  if (!live) {
    add({
      key: ORGANIZATION,
      kind: "create organization",
      target: org.title ?? "",
      before: "",
      after: org.title ?? "",
      text: org.title,
      description: org.description ?? "",
      emailDomains: org.emailDomains ?? [],
    });
  } else {
    const was = live.organization;
    if (org.title !== undefined && org.title !== was.title)
      add({
        key: "update title",
        kind: "update title",
        target: "organization",
        before: was.title ?? "",
        after: org.title,
        text: org.title,
      });
    if (org.description !== undefined && org.description !== was.description) {
      add({
        key: "update description",
        kind: "update description",
        target: "organization",
        before: was.description ?? "",
        after: org.description,
        text: org.description,
      });
    }
    const domains = org.emailDomains && [...new Set(org.emailDomains)].sort();
    if (domains && list(domains) !== list([...(was.emailDomains ?? [])].sort())) {
      add({
        key: "set e-mail domains",
        kind: "set e-mail domains",
        target: "organization",
        before: list(was.emailDomains ?? []),
        after: list(domains),
        emailDomains: domains,
      });
    }
  }

  // roles
  const liveRoles = new Map((live?.roles.items ?? []).map((role) => [role.title, role]));
  const roleRef = (title: string): RoleRef => ({ title, ...(lookups.roles[title] ?? {}) });
  const createdRole = (title: string) => (liveRoles.has(title) ? undefined : `create role ${title}`);
  for (const role of desired.roles.items) {
    const was = liveRoles.get(role.title);
    const ref = roleRef(role.title);
    if (!was)
      add({
        key: `create role ${role.title}`,
        kind: "create role",
        target: role.title,
        before: "",
        after: role.description,
        role: ref,
        description: role.description,
        needs: [root],
      });
    else if (was.description !== role.description) {
      add({
        key: `update role ${role.title}`,
        kind: "update role",
        target: role.title,
        before: was.description,
        after: role.description,
        role: ref,
        description: role.description,
      });
    }
    for (const grant of role.grants) {
      const old = was?.grants.find((g) => g.grantType === grant.grantType);
      if (old && grantText(old) === grantText(grant)) continue;
      add({
        key: `set role grant ${role.title} ${grant.grantType}`,
        kind: "set role grant",
        target: role.title,
        before: old ? grantText(old) : "",
        after: grantText(grant),
        role: ref,
        grant,
        needs: [createdRole(role.title)],
      });
    }
  }
  const knownRole = (title: string, where: string) => {
    if (!liveRoles.has(title) && !desired.roles.items.some((role) => role.title === title))
      throw new InputError(where, "names no role of the organization or the document", title);
    return title;
  };

  // entity sets: assembled once; the API answers no refresh rates, so an assembled one is left as it is
  const assembled = new Set((live?.entitySets ?? []).map((set) => set.name));
  desired.entitySets.forEach((set, i) => {
    if (assembled.has(set.name)) return;
    const id = resolve(lookups.entitySets, set.name, `entitySets[${i}].name`, "entity set");
    const rate = set.refreshRate ?? null;
    add({
      key: `assemble entity set ${set.name}`,
      kind: "assemble entity set",
      target: set.name,
      before: "",
      after: rate === null ? "no scheduled refresh" : `refresh every ${rate} min`,
      object: { type: "entitySet", name: set.name, id },
      refreshRate: rate,
      needs: [root],
    });
  });

  // members and the roles they hold, matched by user id: a document names each by e-mail, else by user id
  const liveMembers = new Map<string, { name: string; roles: string[] }>();
  const liveUserIds = new Map<string, string>(); // e-mail (lower case) or user id → user id
  for (const member of live?.members.items ?? []) {
    const userId = member.userId ?? lookups.users[memberKey(member)] ?? memberKey(member);
    liveMembers.set(userId, { name: member.email ?? userId, roles: member.roles });
    liveUserIds.set(memberKey(member), userId).set(userId, userId);
  }
  const names = new Map<string, string>(); // user id → how changes name them: a member's e-mail, else as first named
  const user = (name: string, where: string) => {
    const userId = lookups.users[principalKey(name)] ?? liveUserIds.get(principalKey(name));
    if (!userId) throw new InputError(where, `is ${isUserId(name) ? "a user id" : "an e-mail"} no user has`, name);
    if (!names.has(userId)) names.set(userId, liveMembers.get(userId)?.name ?? name);
    return { name: names.get(userId)!, userId };
  };
  const userKey = (who: { name: string }) => principalKey(who.name);
  const addedMember = (who: { name: string; userId: string }) =>
    liveMembers.has(who.userId) ? undefined : `add member ${userKey(who)}`;
  const wantedMembers = new Map<string, string>(); // user id → where the document names them
  desired.members.items.forEach((member, i) => {
    const where = `members.items[${i}].${member.email !== undefined ? "email" : "userId"}`;
    const who = user(member.email ?? member.userId!, where);
    const first = wantedMembers.get(who.userId);
    if (first) throw new InputError(where, `names the same user as ${first} (${who.userId})`, who.name);
    wantedMembers.set(who.userId, where);
    const was = liveMembers.get(who.userId);
    if (!was)
      add({
        key: `add member ${userKey(who)}`,
        kind: "add member",
        target: who.name,
        before: "",
        after: who.userId,
        user: who,
        needs: [root],
      });
    member.roles.forEach((title, j) => {
      knownRole(title, `members.items[${i}].roles[${j}]`);
      if (was?.roles.includes(title)) return;
      add({
        key: `give role ${title} ${userKey(who)}`,
        kind: "give role",
        target: `${who.name} · ${title}`,
        before: "",
        after: title,
        user: who,
        role: roleRef(title),
        needs: [addedMember(who), createdRole(title)],
      });
    });
    if (!desired.members.prune || !was) return;
    for (const title of was.roles) {
      if (member.roles.includes(title)) continue;
      add({
        key: `take role ${title} ${userKey(who)}`,
        kind: "take role",
        target: `${who.name} · ${title}`,
        before: title,
        after: "",
        user: who,
        role: roleRef(title),
      });
    }
  });

  // permissions, matched by the object and the holder they resolve to (`visits` and `staging.visits` may be one table)
  const tables = tableNames(lookups.tables);
  const entryOf = (item: DocumentPermission, where: string) => {
    const object =
      item.entitySet !== undefined
        ? {
            type: "entitySet" as const,
            name: item.entitySet,
            id: resolve(lookups.entitySets, item.entitySet, `${where}.entitySet`, "entity set of the organization"),
          }
        : table(tables, item.table!, `${where}.table`);
    const holder =
      item.role !== undefined
        ? { role: roleRef(knownRole(item.role, `${where}.role`)) }
        : { user: user(item.member!, `${where}.member`) };
    const by = holder.role ? `role ${holder.role.title}` : `member ${userKey(holder.user!)}`;
    return { key: `${object.type} ${object.name} · ${by}`, object, holder };
  };
  const livePermissions = new Map(
    (live?.permissions.items ?? []).map((item) => {
      const entry = entryOf(item, "permissions");
      return [entry.key, { ...entry, item }];
    }),
  );
  const wantedPermissions = new Map<string, string>();
  desired.permissions.items.forEach((item, i) => {
    const where = `permissions.items[${i}]`;
    const { key, object, holder } = entryOf(item, where);
    const first = wantedPermissions.get(key);
    if (first) throw new InputError(where, `names the permissions of ${first} again`, key);
    wantedPermissions.set(key, where);
    const had = livePermissions.get(key)?.item.permissions ?? [];
    const missing = sortPermissions(item.permissions.filter((p) => !had.includes(p)));
    if (missing.length) {
      const needs = [root, holder.role ? createdRole(holder.role.title) : addedMember(holder.user!)];
      add({
        key: `grant permission ${key}`,
        kind: "grant permission",
        target: key,
        before: list(had),
        after: list(sortPermissions([...had, ...missing])),
        object,
        permissions: missing,
        ...holder,
        needs,
      });
    }
    const extra = desired.permissions.prune ? had.filter((p) => !item.permissions.includes(p)) : [];
    if (extra.length)
      add({
        key: `revoke permission ${key}`,
        kind: "revoke permission",
        target: key,
        before: list(had),
        after: list(sortPermissions(item.permissions)),
        object,
        permissions: extra,
        ...holder,
      });
  });

  // removals of whole members, roles and permission entries: only in a section marked complete
  const deletedRoles = new Set(
    desired.roles.prune
      ? [...liveRoles.keys()].filter((title) => !desired.roles.items.some((role) => role.title === title))
      : [],
  );
  const removable = (userId: string) => !wantedMembers.has(userId) && userId !== lookups.caller;
  const removedMembers = desired.members.prune ? [...liveMembers.keys()].filter(removable) : [];
  if (desired.permissions.prune) {
    for (const [key, { object, holder, item }] of livePermissions) {
      if (wantedPermissions.has(key) || (item.role !== undefined && deletedRoles.has(item.role))) continue;
      add({
        key: `revoke permission ${key}`,
        kind: "revoke permission",
        target: key,
        before: list(item.permissions),
        after: "",
        object,
        permissions: item.permissions,
        ...holder,
      });
    }
  }
  for (const userId of removedMembers) {
    const member = liveMembers.get(userId)!;
    add({
      key: `remove member ${principalKey(member.name)}`,
      kind: "remove member",
      target: member.name,
      before: userId,
      after: "",
      user: { name: member.name, userId },
    });
  }
  for (const title of deletedRoles)
    add({
      key: `delete role ${title}`,
      kind: "delete role",
      target: title,
      before: title,
      after: "",
      role: roleRef(title),
    });

  return changes
    .map((change, i) => [change, i] as const)
    .sort(
      ([a, i], [b, j]) =>
        stepOf(a.kind) - stepOf(b.kind) || CHANGE_KINDS.indexOf(a.kind) - CHANGE_KINDS.indexOf(b.kind) || i - j,
    )
    .map(([change]) => change);
}

function resolve(ids: Record<string, string>, name: string, where: string, noun: string): string {
  const id = ids[name];
  if (!id) throw new InputError(where, `names no ${noun}`, name);
  return id;
}

/** The table a name fits; an unknown name, or a plain name of tables in several schemas, is an error. */
function table(tables: ReturnType<typeof tableNames>, name: string, where: string): ObjectRef {
  const [found, ...others] = tables.find(name);
  if (!found) throw new InputError(where, "names no table in the organization's database", name);
  if (others.length) {
    const candidates = [found, ...others].map((t) => `${t.schema}.${t.name}`).join(" and ");
    throw new InputError(where, `names tables in ${others.length + 1} schemas (${candidates}): write which`, name);
  }
  return { type: "table", name: tables.keyOf(found), id: found.id };
}

function grantText(grant: DocumentGrant): string {
  return `${grant.grantType}${grant.attribute ? ` ${grant.attribute}` : ""}: ${list([...new Set(grant.mappings)].sort())}`;
}
