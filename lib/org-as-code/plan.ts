import { check } from "../api/args.js";
import { findUserByEmail } from "../api/users.js";
import { ApiError, InputError } from "../errors.js";
import { checkConcurrency, forEachBounded } from "../bulk/pool.js";
import { CHANGE_KINDS, type ChangeKind, diffOrganizations, type OrganizationChange } from "./diff.js";
import { isUserId, memberKey, type OrganizationDocument, principalKey } from "./document.js";
import { type LiveOrganization, type OrganizationApis, readLiveOrganization } from "./export.js";
import { locateError, validateOrganizationDocument } from "./yaml.js";

/** What `applyOrganizationPlan` will do, change by change, in order, and the organization it was made for. */
export interface OrganizationPlan {
  type: "organization plan";
  /** The organization planned for; absent when the plan creates it. */
  organizationId?: string;
  /** Its title (the desired one for a new organization), for display. */
  title: string;
  /** The deployment the plan was read from (scheme, host, port). */
  origin: string;
  /** Of the organization and deployment: applying the plan anywhere else is refused. */
  fingerprint?: string;
  changes: OrganizationChange[];
  /** Changes per kind, in the order applied. */
  counts: Partial<Record<ChangeKind, number>>;
}

export interface PlanOrganizationOptions {
  /** The organization to plan for; default the document's `organization.id`; `null` for a new organization. */
  organizationId?: string | null;
  /** Requests in flight at once while reading (default 8). */
  concurrency?: number;
}

/**
 * Plans `desired` against the live organization: reads its state once (at most `concurrency` requests at a time),
 * looks up the users the document names (by e-mail or user id) that are not members, and answers the ordered list
 * of changes (`show(plan)` draws it). Without an organization (no id in the document nor the options) the plan
 * creates one. Changes nothing.
 * @throws InputError, before anything is sent, for a bad document, an e-mail or user id no user has, a role, entity
 *   set or table that neither the organization nor the document has, a table name that fits tables in two schemas.
 * @example const plan = await planOrganization(ol, readOrganizationDocument("organization.yaml")); show(plan);
 */
export async function planOrganization(
  ol: OrganizationApis,
  desired: OrganizationDocument,
  options: PlanOrganizationOptions = {},
): Promise<OrganizationPlan> {
  try {
    return await plan(ol, desired, options);
  } catch (error) {
    throw locateError(desired, error); // the line of the key, for a document read from YAML
  }
}

async function plan(
  ol: OrganizationApis,
  desired: OrganizationDocument,
  options: PlanOrganizationOptions,
): Promise<OrganizationPlan> {
  if (!ol?.organizations || !ol?.principals || !ol?.permissions)
    throw new InputError("ol", "must be a connected client (connect())");
  const document = validateOrganizationDocument(desired);
  const concurrency = checkConcurrency("options.concurrency", options.concurrency ?? 8);
  const organizationId =
    options.organizationId === null ? undefined : (options.organizationId ?? document.organization.id);
  if (organizationId !== undefined) check.uuid("options.organizationId", organizationId);
  else if (!document.organization.title)
    throw new InputError("organization.title", "is needed to create a new organization");

  const live =
    organizationId === undefined ? undefined : await readLiveOrganization(ol, organizationId, { concurrency });
  const users = await lookUpUsers(ol, document, live, concurrency);
  const entitySets = await lookUpEntitySets(ol, document, live);
  const changes = diffOrganizations(live?.document, document, {
    users,
    entitySets,
    tables: live?.tables ?? [],
    roles: live?.roles ?? {},
    caller: ol.client.configuration.user.id,
  });
  return organizationPlan(ol, live, live?.document.organization.title ?? document.organization.title!, changes);
}

/** The plan of `changes` for the organization `live` (undefined: a new one titled `title`). */
export function organizationPlan(
  ol: OrganizationApis,
  live: LiveOrganization | undefined,
  title: string,
  changes: OrganizationChange[],
): OrganizationPlan {
  const counts: Partial<Record<ChangeKind, number>> = {};
  for (const kind of CHANGE_KINDS) {
    const count = changes.filter((change) => change.kind === kind).length;
    if (count) counts[kind] = count;
  }
  return {
    type: "organization plan",
    ...(live ? { organizationId: live.organizationId, fingerprint: live.fingerprint } : {}),
    title,
    origin: new URL(ol.client.configuration.host).origin,
    changes,
    counts,
  };
}

/** E-mail (lower case) or user id → user id, for every user the document names that is not a live member. */
async function lookUpUsers(
  ol: OrganizationApis,
  document: OrganizationDocument,
  live: LiveOrganization | undefined,
  concurrency: number,
) {
  const known = new Set(
    live?.document.members.items.flatMap((member) => [memberKey(member), ...(member.userId ? [member.userId] : [])]),
  );
  const named = [
    ...document.members.items.map(
      (member, i) =>
        [member.email ?? member.userId!, `members.items[${i}].${member.email ? "email" : "userId"}`] as const,
    ),
    ...document.permissions.items.flatMap((item, i) =>
      item.member ? [[item.member, `permissions.items[${i}].member`] as const] : [],
    ),
  ].filter(([name]) => !known.has(principalKey(name)));
  const wanted = [...new Map(named.map(([name, where]) => [principalKey(name), { name, where }])).values()];
  const users: Record<string, string> = {};
  await forEachBounded(wanted, concurrency, async ({ name, where }) => {
    const userId = isUserId(name) ? await userById(ol, name) : (await findUserByEmail(ol.principals, name))?.user_id;
    if (!userId) throw new InputError(where, `is ${isUserId(name) ? "a user id" : "an e-mail"} no user has`, name);
    users[principalKey(name)] = userId;
  });
  return users;
}

/** The user id when a user has it, else undefined (the server answers 404). */
async function userById(ol: OrganizationApis, userId: string): Promise<string | undefined> {
  try {
    return (await ol.principals.getUser(userId)).user_id;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** Entity set name → id for the organization's entity sets and those the document assembles. */
async function lookUpEntitySets(
  ol: OrganizationApis,
  document: OrganizationDocument,
  live: LiveOrganization | undefined,
) {
  const known = live?.entitySets ?? {};
  const missing = document.entitySets.map((set) => set.name).filter((name) => !(name in known));
  return { ...(missing.length ? await ol.entitySets.getEntitySetIds(missing) : {}), ...known };
}

/** Whether `value` is a plan from `planOrganization`. */
export function isOrganizationPlan(value: unknown): value is OrganizationPlan {
  return (
    (value as { type?: unknown } | null)?.type === "organization plan" &&
    Array.isArray((value as OrganizationPlan).changes)
  );
}
