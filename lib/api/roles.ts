import { z } from "zod";
import { PrincipalClass, Uuid } from "../schemas/index.js";
import { parseArgument } from "./args.js";

/** What `createRole` takes: `@class` and `aclKey` are filled in. */
export const NewRole = z.object({
  id: Uuid.optional(),
  organizationId: Uuid,
  principal: z.object({ type: z.literal("ROLE"), id: z.string().trim().min(1) }),
  title: z.string().trim().min(1),
  description: z.string().default(""),
});
export interface NewRole {
  id?: string;
  organizationId: string;
  principal: { type: "ROLE"; id: string };
  title: string;
  description?: string;
}

/** The role as the server reads it, with `@class` (and `aclKey` when the id is chosen by the caller). */
export function toRoleBody(role: NewRole) {
  const body = parseArgument("role", NewRole, role);
  const { id, organizationId } = body;
  return { "@class": PrincipalClass.role, ...body, ...(id ? { aclKey: [organizationId, id] } : {}) };
}
