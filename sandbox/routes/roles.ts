import { z } from "zod";
import { Grant, PrincipalClass, Uuid } from "../../lib/schemas/index.js";
import { Description, RolePrincipal, Title } from "../../lib/schemas/input.js";
import { parseInput } from "../http/body.js";
import { badRequest } from "../http/errors.js";
import { route } from "../http/router.js";
import { checkGrant, setRoleGrant } from "../services/grants.js";
import { accessOrganization } from "../services/organizations.js";
import { toRole } from "../services/principals.js";
import {
  addRoleToUser,
  createRole,
  deleteRole,
  ownRole,
  readableRoles,
  readRole,
  removeRoleFromUser,
  type RoleInput,
  usersOfRole,
} from "../services/roles.js";
import { requireUser } from "../services/users.js";
import { type RequestContext, uuid } from "./context.js";

const ROLES = "/datastore/organizations/{id}/principals/roles";

const RoleBody = z.object({
  "@class": z.string().optional(),
  id: Uuid.optional(),
  organizationId: Uuid.optional(),
  principal: z.object({ type: z.string(), id: z.string() }),
  title: z.string().optional(),
  description: Description.optional(),
  aclKey: z.array(Uuid).optional(),
});

/** A posted role checked as the real server's Role constructor does, with its messages. */
function parseRole(ctx: RequestContext): RoleInput {
  const body = ctx.json(RoleBody);
  if (body["@class"] !== PrincipalClass.role) {
    throw badRequest(`Missing or wrong type id: a role needs "@class": "${PrincipalClass.role}".`);
  }
  if (!body.organizationId) throw badRequest("Organization id cannot be null.");
  // checked in the real server's order; the title and the principal id are stored as sent
  parseInput(RolePrincipal.shape.type, body.principal.type);
  const title = body.title ?? "";
  parseInput(Title, title);
  parseInput(RolePrincipal.shape.id, body.principal.id);
  return {
    ...body,
    organizationId: body.organizationId.toLowerCase(),
    principal: { type: "ROLE", id: body.principal.id },
    title,
    description: body.description ?? "",
  };
}

/** The owner's checks for changing a role: OWNER on the organization and on the role. */
async function ownedRole(ctx: RequestContext, id: string | undefined, roleId: string | undefined) {
  const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
  return { org, role: await ownRole(ctx.db, ctx.caller, org.id, uuid(roleId)) };
}

/** Roles: create, read, list, title and description, automatic grants, delete, and who holds them. */
export const roleRoutes = [
  route<RequestContext>("POST", "/datastore/organizations/roles", async (ctx) => {
    const role = parseRole(ctx);
    const org = await accessOrganization(ctx.db, ctx.caller, role.organizationId, "OWNER");
    return { json: await createRole(ctx.platform, ctx.caller, org, role) };
  }),
  route<RequestContext>("GET", ROLES, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "READ");
    return { json: await readableRoles(ctx.db, ctx.caller, org.id) };
  }),
  route<RequestContext>("GET", `${ROLES}/{roleId}`, async (ctx, { id, roleId }) => ({
    json: toRole(await readRole(ctx.db, ctx.caller, uuid(id), uuid(roleId))),
  })),
  route<RequestContext>("DELETE", `${ROLES}/{roleId}`, async (ctx, { id, roleId }) => {
    const { org, role } = await ownedRole(ctx, id, roleId);
    await deleteRole(ctx.platform, org, role);
  }),
  route<RequestContext>("PUT", `${ROLES}/{roleId}/title`, async (ctx, { id, roleId }) => {
    const { role } = await ownedRole(ctx, id, roleId);
    const title = ctx.text();
    parseInput(Title, title); // stored as sent
    await ctx.db.query("UPDATE principals SET title = $2 WHERE id = $1", [role.id, title]);
  }),
  route<RequestContext>("PUT", `${ROLES}/{roleId}/description`, async (ctx, { id, roleId }) => {
    const { role } = await ownedRole(ctx, id, roleId);
    await ctx.db.query("UPDATE principals SET description = $2 WHERE id = $1", [role.id, ctx.text()]);
  }),
  route<RequestContext>("PUT", `${ROLES}/{roleId}/grant`, async (ctx, { id, roleId }) => {
    const { org, role } = await ownedRole(ctx, id, roleId);
    await setRoleGrant(ctx.db, org.id, role.id, checkGrant(ctx.json(Grant)));
  }),
  route<RequestContext>("GET", `${ROLES}/{roleId}/members`, async (ctx, { id, roleId }) => {
    await accessOrganization(ctx.db, ctx.caller, uuid(id), "READ");
    return { json: await usersOfRole(ctx.db, uuid(id), uuid(roleId)) };
  }),
  route<RequestContext>("PUT", `${ROLES}/{roleId}/members/{userId*}`, async (ctx, { id, roleId, userId }) => {
    const role = await roleForGrant(ctx, id, roleId);
    await addRoleToUser(ctx.platform, role, await requireUser(ctx.db, userId!));
  }),
  route<RequestContext>("DELETE", `${ROLES}/{roleId}/members/{userId*}`, async (ctx, { id, roleId, userId }) => {
    const role = await roleForGrant(ctx, id, roleId);
    await removeRoleFromUser(ctx.platform, role, await requireUser(ctx.db, userId!));
  }),
];

/**
 * Giving or taking a role needs OWNER on `[orgId, roleId]` (an unknown organization fails it: 401); membership
 * is not checked, as on the real server.
 */
async function roleForGrant(ctx: RequestContext, id: string | undefined, roleId: string | undefined): Promise<string> {
  return (await ownRole(ctx.db, ctx.caller, uuid(id), uuid(roleId))).id;
}
