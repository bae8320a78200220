import { z } from "zod";
import { AclData, AclKey } from "../../lib/schemas/index.js";
import { postQuery, route } from "../http/router.js";
import { regrant } from "../services/assembly.js";
import { aclOf, updateAcls } from "../services/permissions.js";
import { regrantTable } from "../services/tables.js";
import type { RequestContext } from "./context.js";

/** Applies ACL changes, then re-grants SELECT wherever an entity set they touch is materialized, and on the tables they touch. */
async function change(ctx: RequestContext, changes: AclData[]) {
  await ctx.platform.db.transaction((tx) => updateAcls(tx, ctx.caller, changes));
  const entitySets = await ctx.db.query<{ id: string }>(
    "SELECT DISTINCT entity_set_id AS id FROM materialized_entity_sets WHERE entity_set_id = ANY($1)",
    [changes.map((c) => c.acl.aclKey[0])],
  );
  for (const { id } of entitySets.rows) await regrant(ctx.platform, id);
  const tables = await ctx.db.query<{ id: string }>("SELECT id FROM org_tables WHERE id = ANY($1)", [
    changes.map((c) => c.acl.aclKey[0]),
  ]);
  for (const { id } of tables.rows) await regrantTable(ctx.platform, id);
}

/** The Permissions API (reference §6.2): read and change the ACLs of objects the caller owns. */
export const permissionRoutes = [
  route<RequestContext>("PATCH", "/datastore/permissions", async (ctx) => change(ctx, [ctx.json(AclData)])),
  route<RequestContext>("PATCH", "/datastore/permissions/update", async (ctx) =>
    change(ctx, ctx.json(z.array(AclData))),
  ),
  postQuery<RequestContext>("/datastore/permissions", async (ctx) => ({
    json: await aclOf(ctx.db, ctx.caller, ctx.json(AclKey)),
  })),
  postQuery<RequestContext>("/datastore/permissions/bulk", async (ctx) => ({
    json: await Promise.all(ctx.json(z.array(AclKey)).map((key) => aclOf(ctx.db, ctx.caller, key))),
  })),
];
