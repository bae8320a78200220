import { z } from "zod";
import { EntitySet, NewPropertyType, type Permission, Uuid } from "../../lib/schemas/index.js";
import { adminOnly, forbidden, notAccessible, notFound } from "../http/errors.js";
import { postQuery, route } from "../http/router.js";
import type { Caller } from "../services/acl.js";
import { authorize } from "../services/authorizations.js";
import { markEdmChanged } from "../services/assembly.js";
import { createEntities } from "../services/data.js";
import {
  findEntitySet,
  insertPropertyType,
  propertyTypesOf,
  requireEntitySet,
  requireEntityType,
  requirePropertyType,
  toEntitySet,
  type EntitySetRow,
} from "../services/edm.js";
import { type RequestContext, uuid } from "./context.js";

/** Entity sets are visible to whoever may READ, DISCOVER or MATERIALIZE them (or owns them). */
const VISIBLE: Permission[] = ["READ", "DISCOVER", "MATERIALIZE", "OWNER"];

/** The entity sets among `rows` the caller may not see, in their order; asked in one query. */
async function hiddenOf(ctx: RequestContext, rows: EntitySetRow[]): Promise<EntitySetRow[]> {
  if (rows.length === 0) return [];
  const answers = await authorize(
    ctx.db,
    ctx.caller,
    rows.map((row) => ({ aclKey: [row.id], permissions: VISIBLE })),
  );
  const seen = new Set(
    answers.filter((answer) => Object.values(answer.permissions).some(Boolean)).map((answer) => answer.aclKey[0]),
  );
  return rows.filter((row) => !seen.has(row.id));
}

/** The entity set when the caller may see it; an unknown one is a 401 too, as its acl key grants nothing. */
async function visibleEntitySet(ctx: RequestContext, row: EntitySetRow | undefined, id: string): Promise<EntitySetRow> {
  if (!row || (await hiddenOf(ctx, [row])).length > 0) throw notAccessible([row?.id ?? id]);
  return row;
}

/** The entity sets found; unless `all` (the listing), one the caller may not see refuses the whole request, as on the real server. */
async function visibleRows(
  ctx: RequestContext,
  where: string,
  values: unknown[],
  all = false,
): Promise<EntitySetRow[]> {
  const { rows } = await ctx.db.query<EntitySetRow>(`SELECT * FROM entity_sets WHERE ${where} ORDER BY name`, values);
  const hidden = await hiddenOf(ctx, rows);
  if (all) return rows.filter((row) => !hidden.includes(row));
  if (hidden[0]) throw notAccessible([hidden[0].id]);
  return rows;
}

/** Every id must name a visible entity set: an unknown one is refused like a hidden one. */
async function visibleById(ctx: RequestContext, ids: string[]): Promise<EntitySetRow[]> {
  const rows = await visibleRows(ctx, "id = ANY($1)", [ids]);
  const unknown = ids.find((id) => !rows.some((row) => row.id === id.toLowerCase()));
  if (unknown) throw notAccessible([unknown.toLowerCase()]);
  return rows;
}

/**
 * Adding a property type to an entity type needs the global admin on the real server; the sandbox also lets
 * the owner of every entity set of that type do it, so the tutorial's data-model change can be shown.
 */
async function ensureMayChangeEntityType(ctx: RequestContext, caller: Caller, entityTypeId: string) {
  if (caller.isAdmin) return;
  const { rows } = await ctx.db.query<{ id: string }>("SELECT id FROM entity_sets WHERE entity_type_id = $1", [
    entityTypeId,
  ]);
  const owned = await authorize(
    ctx.db,
    caller,
    rows.map((row) => ({ aclKey: [row.id], permissions: ["OWNER"] })),
  );
  if (rows.length === 0 || owned.some((answer) => !answer.permissions.OWNER)) throw adminOnly();
}

/**
 * Creating entities needs READ on the entity set and WRITE on each property type written (`[setId, propertyTypeId]`);
 * a property outside the entity type has no such key, so it is refused the same way. The 401 names the keys lacking.
 */
async function ensureMayWrite(ctx: RequestContext, entitySetId: string, entities: Record<string, unknown[]>[]) {
  const written = [...new Set(entities.flatMap((entity) => Object.keys(entity).map((id) => id.toLowerCase())))];
  const [set, ...properties] = await authorize(ctx.db, ctx.caller, [
    { aclKey: [entitySetId], permissions: ["READ"] },
    ...written.map((propertyTypeId) => ({ aclKey: [entitySetId, propertyTypeId], permissions: ["WRITE" as const] })),
  ]);
  if (!set!.permissions.READ) throw notAccessible([entitySetId]);
  const lacking = properties
    .filter((answer) => !answer.permissions.WRITE)
    .map((answer) => `[${answer.aclKey.join(", ")}]`);
  if (lacking.length > 0)
    throw forbidden(
      `Insufficient permissions to write to the property types of entity set ${entitySetId}: ${lacking.join(", ")}.`,
    );
}

const ES = "/datastore/entity-sets";
const Names = z.array(z.string());
const Ids = z.array(Uuid);
const Entities = z.array(z.record(Uuid, z.array(z.unknown())));

/** Entity sets (reference §6.3), the data model's small write calls, and creating entities. */
export const dataModelRoutes = [
  route<RequestContext>("GET", ES, async (ctx) => ({
    json: (await visibleRows(ctx, "true", [], true)).map(toEntitySet),
  })),
  route<RequestContext>("GET", `${ES}/ids/{name}`, async (ctx, { name }) => {
    const row = await findEntitySet(ctx.db, "name", name!);
    if (!row) throw notFound(`Entity Set ${name} does not exists.`);
    return { json: (await visibleEntitySet(ctx, row, row.id)).id };
  }),
  postQuery<RequestContext>(`${ES}/ids`, async (ctx) => ({
    json: Object.fromEntries(
      (await visibleRows(ctx, "name = ANY($1)", [ctx.json(Names)])).map((row) => [row.name, row.id]),
    ),
  })),
  postQuery<RequestContext>(`${ES}/by-name`, async (ctx) => ({
    json: Object.fromEntries(
      (await visibleRows(ctx, "name = ANY($1)", [ctx.json(Names)])).map((row) => [row.name, toEntitySet(row)]),
    ),
  })),
  postQuery<RequestContext>(`${ES}/by-id`, async (ctx) => ({
    json: Object.fromEntries((await visibleById(ctx, ctx.json(Ids))).map((row) => [row.id, toEntitySet(row)])),
  })),
  route<RequestContext>("GET", `${ES}/all/{id}`, async (ctx, { id }) => ({
    json: toEntitySet(
      await visibleEntitySet(ctx, await findEntitySet(ctx.db, "id", uuid(id)), id!),
    ) satisfies EntitySet,
  })),
  route<RequestContext>("GET", `${ES}/all/{id}/properties`, async (ctx, { id }) => {
    const row = await visibleEntitySet(ctx, await findEntitySet(ctx.db, "id", uuid(id)), id!);
    return { json: Object.fromEntries((await propertyTypesOf(ctx.db, row.id)).map((p) => [p.id, p])) };
  }),
  route<RequestContext>("POST", "/datastore/data/set", async (ctx) => {
    const setId = new URL(ctx.req.url ?? "", "http://sandbox").searchParams.get("setId");
    const entitySet = await requireEntitySet(ctx.db, uuid(setId ?? undefined));
    const entities = ctx.json(Entities);
    await ensureMayWrite(ctx, entitySet.id, entities);
    return { json: await ctx.platform.db.transaction((tx) => createEntities(tx, entitySet, entities)) };
  }),
  route<RequestContext>("POST", "/datastore/edm/property/type", async (ctx) => {
    if (!ctx.caller.isAdmin) throw adminOnly();
    const p = ctx.json(NewPropertyType);
    return {
      json: await insertPropertyType(ctx.db, {
        namespace: p.type.namespace,
        name: p.type.name,
        title: p.title,
        description: p.description,
        datatype: p.datatype,
        multi_valued: p.multiValued,
      }),
    };
  }),
  route<RequestContext>("GET", "/datastore/edm/property/type/{id}", async (ctx, { id }) => ({
    json: await requirePropertyType(ctx.db, uuid(id)),
  })),
  route<RequestContext>(
    "GET",
    "/datastore/edm/ids/property/type/{namespace}/{name}",
    async (ctx, { namespace, name }) => {
      const { rows } = await ctx.db.query<{ id: string }>(
        "SELECT id FROM property_types WHERE namespace = $1 AND name = $2",
        [namespace, name],
      );
      if (!rows[0]) throw notFound(`Property type ${namespace}.${name} does not exist.`);
      return { json: rows[0].id };
    },
  ),
  route<RequestContext>("GET", "/datastore/edm/entity/type/{id}", async (ctx, { id }) => ({
    json: await requireEntityType(ctx.db, uuid(id)),
  })),
  route<RequestContext>(
    "PUT",
    "/datastore/edm/entity/type/{entityTypeId}/{propertyTypeId}",
    async (ctx, { entityTypeId, propertyTypeId }) => {
      const entityType = await requireEntityType(ctx.db, uuid(entityTypeId));
      const propertyType = await requirePropertyType(ctx.db, uuid(propertyTypeId));
      await ensureMayChangeEntityType(ctx, ctx.caller, entityType.id);
      if (entityType.properties.includes(propertyType.id)) return;
      await ctx.platform.db.transaction(async (tx) => {
        await tx.query("UPDATE entity_types SET properties = array_append(properties, $2) WHERE id = $1", [
          entityType.id,
          propertyType.id,
        ]);
        // The owners of each entity set of the type own the new column too.
        await tx.query(
          `INSERT INTO aces (acl_key, principal, permissions)
         SELECT ARRAY[s.id, $2::uuid], a.principal, a.permissions FROM entity_sets s
           JOIN aces a ON a.acl_key = ARRAY[s.id] AND 'OWNER' = ANY(a.permissions)
         WHERE s.entity_type_id = $1 ON CONFLICT DO NOTHING`,
          [entityType.id, propertyType.id],
        );
        await markEdmChanged(tx, entityType.id);
      });
    },
  ),
  route<RequestContext>("GET", "/sandbox/postgres", async (ctx) => ({
    json: { host: ctx.platform.postgres.host, port: ctx.platform.postgres.port },
  })),
];
