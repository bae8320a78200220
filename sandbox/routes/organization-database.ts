import { route } from "../http/router.js";
import { badRequest } from "../http/errors.js";
import { accessOrganization } from "../services/organizations.js";
import { MAX_PREVIEW_ROWS, preview, readableTable, readableTables } from "../services/tables.js";
import { type RequestContext, uuid } from "./context.js";

const O = "/datastore/organization-database/{id}";
const TABLE = "/external-database-table";
const COLUMN = "/external-database-column";

/** The `rowCount` path parameter: a whole number of rows from 1 to the preview's bound, or 400. */
function rowCount(value: string): number {
  const count = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(count >= 1 && count <= MAX_PREVIEW_ROWS))
    throw badRequest(`rowCount must be a whole number from 1 to ${MAX_PREVIEW_ROWS}: ${value}`);
  return count;
}

/**
 * The organization-database API (`DatasetApi`): the tables and columns of an organization's database, found in
 * its catalog, and a preview of a table's rows. Tables are `[tableId]` and columns `[tableId, columnId]` to the
 * permissions API. Every call needs READ on the organization.
 */
export const organizationDatabaseRoutes = [
  route<RequestContext>("GET", `${O}${TABLE}`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "READ");
    return { json: (await readableTables(ctx.platform, ctx.caller, org)).map(({ table }) => table) };
  }),
  route<RequestContext>("GET", `${O}${TABLE}${COLUMN}`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "READ");
    return { json: await readableTables(ctx.platform, ctx.caller, org) };
  }),
  route<RequestContext>("GET", `${O}/{tableId}${TABLE}${COLUMN}`, async (ctx, { id, tableId }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "READ");
    return { json: await readableTable(ctx.platform, ctx.caller, org, uuid(tableId)) };
  }),
  route<RequestContext>("GET", `${O}/{tableId}/{rowCount}/data`, async (ctx, { id, tableId, rowCount: count }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "READ");
    return { json: await preview(ctx.platform, ctx.caller, org, uuid(tableId), rowCount(count!)) };
  }),
];
