import { route } from "../http/router.js";
import { addMember, membersOf, removeMember } from "../services/members.js";
import { accessOrganization, permittedOrganization, requireOrganization } from "../services/organizations.js";
import { findUser, requireUser } from "../services/users.js";
import { type RequestContext, uuid } from "./context.js";

const MEMBERS = "/datastore/organizations/{id}/principals/members";

/** Membership: members with their profiles and roles, add (owner), remove (owner, or oneself). */
export const memberRoutes = [
  route<RequestContext>("GET", MEMBERS, async (ctx, { id }) => {
    const orgId = uuid(id);
    // asked side by side; the members are answered only after the check passes
    const [, members] = await Promise.all([
      accessOrganization(ctx.db, ctx.caller, orgId, "READ"),
      membersOf(ctx.db, orgId),
    ]);
    return { json: members };
  }),
  route<RequestContext>("PUT", `${MEMBERS}/{userId*}`, async (ctx, { id, userId }) => {
    const org = await permittedOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    await addMember(ctx.platform, org, await requireUser(ctx.db, userId!));
  }),
  route<RequestContext>("DELETE", `${MEMBERS}/{userId*}`, async (ctx, { id, userId }) => {
    const org =
      userId === ctx.caller.userId
        ? await requireOrganization(ctx.db, uuid(id))
        : await permittedOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    const user = await findUser(ctx.db, userId!);
    if (user) await removeMember(ctx.platform, org, user); // an unknown user is no member: nothing to do
  }),
];
