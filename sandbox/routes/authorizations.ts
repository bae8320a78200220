import { z } from "zod";
import { AccessCheck, AclKey } from "../../lib/schemas/index.js";
import { postQuery } from "../http/router.js";
import { ensurePermission } from "../services/acl.js";
import { authorize, explain } from "../services/authorizations.js";
import type { RequestContext } from "./context.js";

/**
 * Access checks: what the caller may do (`AuthorizationsApi.checkAuthorizations`, any caller, any acl key) and
 * why principals reach an object (`PermissionsApi.getAclExplanation`, owners of the object only).
 */
export const authorizationRoutes = [
  postQuery<RequestContext>("/datastore/authorizations", async (ctx) => ({
    json: await authorize(ctx.db, ctx.caller, ctx.json(z.array(AccessCheck))),
  })),
  postQuery<RequestContext>("/datastore/permissions/explain", async (ctx) => {
    const aclKey = ctx.json(AclKey).map((id) => id.toLowerCase());
    await ensurePermission(ctx.db, ctx.caller, aclKey, "OWNER");
    return { json: await explain(ctx.db, aclKey) };
  }),
];
