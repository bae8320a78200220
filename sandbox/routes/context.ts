import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { parseJson, parseText } from "../http/body.js";
import { badRequest } from "../http/errors.js";
import { Uuid } from "../../lib/schemas/index.js";
import type { Caller } from "../services/acl.js";
import type { Platform } from "../services/organizations.js";

/** What a route handler gets: the platform state, the authenticated caller and the request body. */
export class RequestContext {
  constructor(
    readonly platform: Platform,
    readonly caller: Caller,
    readonly req: IncomingMessage,
    private readonly raw: Buffer,
  ) {}

  get db() {
    return this.platform.db.pool;
  }

  json<S extends z.ZodType>(schema: S): z.output<S> {
    return parseJson(this.req, this.raw, schema);
  }

  text(alsoForm = false): string {
    return parseText(this.req, this.raw, alsoForm);
  }
}

/** A UUID path parameter (any, as Java reads it), or 400 with Java's `Invalid UUID string: <value>`. */
export function uuid(value: string | undefined): string {
  if (!Uuid.safeParse(value).success) throw badRequest(`Invalid UUID string: ${value}`);
  return value!.toLowerCase();
}
