import { z } from "zod";
import { EntitySetFlag, Uuid } from "../../lib/schemas/index.js";
import { postQuery, route } from "../http/router.js";
import { assemble, entitySetFlags, refresh, setRefreshRate, synchronize } from "../services/assembly.js";
import { accessOrganization } from "../services/organizations.js";
import { type RequestContext, uuid } from "./context.js";

const O = "/datastore/organizations/{id}";
const Minutes = z.number().int().min(1, "Minimum refresh rate is 1 minute.");
const Rates = z.record(Uuid, Minutes.nullable());

/** The entity-set listings and the assembler (2020 behaviour, reference §3.5). */
export const assemblyRoutes = [
  route<RequestContext>("GET", `${O}/entity-sets`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "READ");
    return { json: await entitySetFlags(ctx.db, org.id) };
  }),
  postQuery<RequestContext>(`${O}/entity-sets`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "READ");
    const wanted = ctx.json(z.array(EntitySetFlag));
    const all = await entitySetFlags(ctx.db, org.id);
    // Each matching entity set with only the requested flags it has, as the real server answers.
    const matching = Object.entries(all).map(
      ([setId, flags]) => [setId, flags.filter((f) => wanted.includes(f))] as const,
    );
    return { json: Object.fromEntries(matching.filter(([, flags]) => flags.length > 0)) };
  }),
  route<RequestContext>("POST", `${O}/entity-sets/assemble`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    return { json: await assemble(ctx.platform, org, ctx.json(Rates)) };
  }),
  route<RequestContext>("POST", `${O}/{setId}/refresh`, async (ctx, { id, setId }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    await refresh(ctx.platform, org, uuid(setId));
  }),
  route<RequestContext>("POST", `${O}/{setId}/synchronize`, async (ctx, { id, setId }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    await synchronize(ctx.platform, org, uuid(setId));
  }),
  route<RequestContext>("PUT", `${O}/{setId}/refresh-rate`, async (ctx, { id, setId }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    await setRefreshRate(ctx.db, org, uuid(setId), ctx.json(Minutes));
  }),
  route<RequestContext>("DELETE", `${O}/{setId}/refresh-rate`, async (ctx, { id, setId }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    await setRefreshRate(ctx.db, org, uuid(setId), null);
  }),
];
