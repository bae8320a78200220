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
export interface ErrorBody {
  errors: Array<{
    error: { type: string; code: number; [key: string]: unknown };
    message: string;
    [key: string]: unknown;
  }>;
  [key: string]: unknown;
}
