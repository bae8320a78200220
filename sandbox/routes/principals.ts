import { z } from "zod";
import { Principal, type UserProfile } from "../../lib/schemas/index.js";
import { UserSearchTerm } from "../../lib/schemas/input.js";
import { parseInput } from "../http/body.js";
import { badRequest, notAccessible, notFound } from "../http/errors.js";
import { postQuery, route } from "../http/router.js";
import { hasPermission } from "../services/acl.js";
import { heldRows } from "../services/members.js";
import { principalByName, toRole, toSecurablePrincipal } from "../services/principals.js";
import { readableRoles } from "../services/roles.js";
import { dbLogin, regenerateDbCredential, requireUser } from "../services/users.js";
import type { RequestContext } from "./context.js";

const BASE = "/datastore/principals";
const Search = z.object({ email: z.string().optional(), name: z.string().optional() }).passthrough();

async function usersWhere(ctx: RequestContext, where: string, values: unknown[]): Promise<Record<string, UserProfile>> {
  const { rows } = await ctx.db.query<{ user_id: string; profile: UserProfile }>(
    `SELECT user_id, profile FROM users WHERE ${where} ORDER BY user_id`,
    values,
  );
  return Object.fromEntries(rows.map((row) => [row.user_id, row.profile]));
}

/** The Principals API (reference §6.1): users, their search, the caller's roles and database login. */
export const principalRoutes = [
  postQuery<RequestContext>(BASE, async (ctx) => {
    const principal = ctx.json(Principal);
    const row = await principalByName(ctx.db, principal.id);
    if (!row || row.type !== principal.type)
      throw notFound(`Principal ${principal.type} ${principal.id} does not exist.`);
    if (row.type !== "USER" && !(await hasPermission(ctx.db, ctx.caller, row.acl_key, "READ")))
      throw notAccessible(row.acl_key);
    return { json: toSecurablePrincipal(row) };
  }),
  route<RequestContext>("GET", `${BASE}/users`, async (ctx) => ({ json: await usersWhere(ctx, "true", []) })),
  postQuery<RequestContext>(`${BASE}/users`, async (ctx) => {
    const ids = ctx.json(z.array(z.string()));
    return { json: await usersWhere(ctx, "user_id = ANY($1)", [ids]) };
  }),
  postQuery<RequestContext>(`${BASE}/users/search`, async (ctx) => {
    const { email, name } = ctx.json(Search);
    if (email !== undefined && name !== undefined) throw badRequest('only one of "email", "name" are allowed');
    if (email === undefined && name === undefined) throw badRequest('one of "email", "name" is required');
    if (email !== undefined) {
      return {
        json: await usersWhere(ctx, "lower(profile->>'email') = lower($1)", [parseInput(UserSearchTerm.email, email)]),
      };
    }
    const pattern = `%${parseInput(UserSearchTerm.name, name).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return { json: await usersWhere(ctx, "profile->>'name' ILIKE $1 OR profile->>'nickname' ILIKE $1", [pattern]) };
  }),
  route<RequestContext>("GET", `${BASE}/users/{userId*}`, async (ctx, { userId }) => ({
    json: (await requireUser(ctx.db, userId!)).profile,
  })),
  route<RequestContext>("GET", `${BASE}/roles`, async (ctx) => {
    const { rows } = await ctx.db.query<{ id: string }>("SELECT id FROM organizations");
    const roles = (await Promise.all(rows.map((org) => readableRoles(ctx.db, ctx.caller, org.id)))).flat();
    return { json: Object.fromEntries(roles.map((role) => [`[${role.aclKey.join(", ")}]`, role])) };
  }),
  route<RequestContext>("GET", `${BASE}/roles/current`, async (ctx) => ({
    json: (await heldRows(ctx.db, ctx.caller.principalId)).filter((row) => row.type === "ROLE").map(toRole),
  })),
  route<RequestContext>("GET", `${BASE}/db`, async (ctx) => ({ json: await dbLogin(ctx.platform, ctx.caller.userId) })),
  route<RequestContext>("POST", `${BASE}/db/credential`, async (ctx) => ({
    json: await regenerateDbCredential(ctx.platform, ctx.caller.userId),
  })),
  route<RequestContext>("GET", `${BASE}/sync`, async () => {}),
];
