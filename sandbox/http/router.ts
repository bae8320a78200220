import type { IncomingMessage } from "node:http";
import { noNul } from "./body.js";
import { badRequest, HttpError } from "./errors.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a handler answers: JSON, a raw text body, or nothing (200 with an empty body). */
export type Reply = { json: unknown } | { text: string } | void;

export interface Route<Ctx> {
  method: Method;
  /** As declared, e.g. `/datastore/organizations/{id}/principals/members/{userId*}`. */
  path: string;
  pattern: RegExp;
  names: string[];
  /** The handler only reads: the callers remembered between requests stay remembered (see auth/callers.ts). */
  reads: boolean;
  handle: (ctx: Ctx, params: Record<string, string>) => Promise<Reply>;
}

/**
 * A route for `path`, where `{name}` matches one segment and `{name*}` the rest of the path (user ids
 * may hold `/`). Parameters arrive URL-decoded; a trailing slash is accepted, as the real server does.
 * A GET only reads; any other method may change something (a POST that only reads is a `postQuery`).
 */
export function route<Ctx>(method: Method, path: string, handle: Route<Ctx>["handle"]): Route<Ctx> {
  const names: string[] = [];
  const source = path.replace(/\{(\w+)(\*?)\}/g, (_, name: string, rest: string) => {
    names.push(name);
    return rest ? "(.+?)" : "([^/]+)";
  });
  return { method, path, pattern: new RegExp(`^${source}/?$`), names, reads: method === "GET", handle };
}

/** A POST whose body is a question (access checks, look-ups by ids, searches): it only reads. */
export function postQuery<Ctx>(path: string, handle: Route<Ctx>["handle"]): Route<Ctx> {
  return { ...route("POST", path, handle), reads: true };
}

/** The route and decoded parameters for a request, `undefined` when no path matches, or a 405. */
export function match<Ctx>(routes: Route<Ctx>[], req: IncomingMessage, pathname: string) {
  let pathMatched = false;
  for (const candidate of routes) {
    const found = candidate.pattern.exec(pathname);
    if (!found) continue;
    pathMatched = true;
    if (candidate.method !== req.method) continue;
    const params: Record<string, string> = {};
    candidate.names.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(found[i + 1]!);
      } catch {
        throw badRequest(`Path parameter ${name} is not valid URL encoding.`);
      }
      noNul(`Path parameter ${name}`, params[name]);
    });
    return { route: candidate, params };
  }
  if (pathMatched)
    throw new HttpError(405, "methodNotAllowed", 405, `Request method '${req.method}' is not supported.`);
  return undefined;
}
