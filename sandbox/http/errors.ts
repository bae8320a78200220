import type { AclKey, ErrorBody } from "../../lib/schemas/index.js";

/** An error answered in the real server's shape: `{"errors":[{"error":{type,code},"message"}]}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  get body(): ErrorBody {
    return { errors: [{ error: { type: this.type, code: this.code }, message: this.message }] };
  }
}

// The real server's exception handler: IllegalArgumentException → 400, ForbiddenException → 401 with
// code 403, NullPointerException/ResourceNotFoundException → 404, IllegalStateException → 500.
export const badRequest = (message: string) => new HttpError(400, "illegalArgument", 400, message);
export const unauthenticated = (message: string) => new HttpError(401, "unauthorized", 401, message);
export const forbidden = (message: string) => new HttpError(401, "forbidden", 403, message);
export const notFound = (message: string) => new HttpError(404, "resourceNotFound", 404, message);
export const illegalState = (message: string) => new HttpError(500, "illegalState", 500, message);

/** The permission failure every `ensure…` check gives: `Object [<aclKey>] is not accessible.` */
export const notAccessible = (aclKey: AclKey) => forbidden(`Object [${aclKey.join(", ")}] is not accessible.`);
export const adminOnly = () => forbidden("Only admins are allowed to perform this action.");
