import { z } from "zod";

/** The error body every OpenLattice controller returns: `{"errors":[{"error":{type,code},"message"}]}`. */
export const ErrorBody = z
  .object({
    errors: z.array(
      z
        .object({
          error: z.object({ type: z.string(), code: z.number().int() }).passthrough(),
          message: z.string(),
        })
        .passthrough(),
    ),
  })
  .passthrough();
export type ErrorBody = z.infer<typeof ErrorBody>;
