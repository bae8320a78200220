import { z } from "zod";
import { InputError } from "../errors.js";
import { issueMessage, PrincipalClass, Uuid } from "../schemas/index.js";

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
  const parsed = NewRole.safeParse(role, { error: issueMessage });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`role.${issue.path.join(".")}`, issue.message.toLowerCase());
  }
  const { id, organizationId } = parsed.data;
  return { "@class": PrincipalClass.role, ...parsed.data, ...(id ? { aclKey: [organizationId, id] } : {}) };
}
