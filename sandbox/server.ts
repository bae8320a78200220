import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { redact } from "../lib/redaction.js";
import { bearerToken } from "./auth/bearer.js";
import { CallerCache } from "./auth/callers.js";
import { verifyToken } from "./auth/jwt.js";
import { databaseUnavailable } from "./db/control.js";
import { foreignServerFailed } from "./db/foreign-server.js";
import type { Outage } from "./db/supervisor.js";
import { readBody } from "./http/body.js";
import { HttpError, notFound, unauthenticated } from "./http/errors.js";
import { match, type Reply, type Route } from "./http/router.js";
import { RequestContext } from "./routes/context.js";
import { assemblyRoutes } from "./routes/assembly.js";
import { authorizationRoutes } from "./routes/authorizations.js";
import { dataModelRoutes } from "./routes/data-model.js";
import { memberRoutes } from "./routes/members.js";
import { permissionRoutes } from "./routes/permissions.js";
import { organizationDatabaseRoutes } from "./routes/organization-database.js";
import { organizationRoutes } from "./routes/organizations.js";
import { principalRoutes } from "./routes/principals.js";
import { roleRoutes } from "./routes/roles.js";
import type { Platform } from "./services/organizations.js";
import { callerFor } from "./services/users.js";

/** Every endpoint the sandbox serves (the fuzzer derives its requests from this table). */
export const ROUTES: Route<RequestContext>[] = [
  ...organizationRoutes,
  ...memberRoutes,
  ...roleRoutes,
  ...assemblyRoutes,
  ...principalRoutes,
  ...permissionRoutes,
  ...authorizationRoutes,
  ...dataModelRoutes,
  ...organizationDatabaseRoutes,
];

export interface ServerOptions {
  platform: Platform;
  jwtSecret: string;
  /** Called once per request with a line such as `GET /datastore/organizations 200 4 ms`; never the token. */
  log?: (line: string) => void;
  /** Why PostgreSQL cannot serve right now (it is being restarted, or could not be), if it cannot. */
  outage?: () => Outage | undefined;
  /** Milliseconds every request waits before it is handled, as on a remote deployment's network; 0 by default. */
  latencyMs?: number;
  /** The callers remembered between requests; whatever changes permissions outside a request (recovery) forgets them. */
  callers?: CallerCache;
}

/** The sandbox's HTTP server: authenticates, routes, and answers errors in the real server's shape. */
export function createSandboxServer(options: ServerOptions): Server {
  const callers = options.callers ?? new CallerCache();
  const server = createServer((req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    res.setHeader("X-Request-Id", requestId);
    const arrived = options.latencyMs ? sleep(options.latencyMs) : Promise.resolve();
    arrived
      .then(() => handle(options, callers, req))
      .then((reply) => send(res, 200, reply))
      .catch((error: unknown) => {
        const httpError =
          error instanceof HttpError
            ? error
            : foreignServerFailed(error)
              ? foreignServerFailure(error)
              : databaseUnavailable(error)
                ? new Unavailable(options.outage?.())
                : unexpected(error);
        if (httpError instanceof Unavailable) res.setHeader("Retry-After", String(httpError.retryAfterS));
        send(res, httpError.status, { json: httpError.body });
      })
      .finally(() => {
        const path = (req.url ?? "").split("?")[0];
        options.log?.(
          `${req.method} ${path} ${res.statusCode} ${Math.round(performance.now() - started)} ms ${requestId}`,
        );
      });
  });
  server.on("clientError", answerClientError);
  return server;
}

/**
 * A request Node could not even parse (headers over its 16 KB limit, malformed HTTP) gets the error-body shape
 * too, instead of Node's empty answer.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  if (!socket.writable) return socket.destroy();
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const answer = tooLarge
    ? new HttpError(431, "requestHeaderFieldsTooLarge", 431, "The request's URL or headers are larger than 16 KB.")
    : new HttpError(400, "illegalArgument", 400, "The request is not valid HTTP.");
  const body = JSON.stringify(answer.body);
  const reason = tooLarge ? "Request Header Fields Too Large" : "Bad Request";
  socket.end(
    `HTTP/1.1 ${answer.status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

async function handle(options: ServerOptions, callers: CallerCache, req: IncomingMessage): Promise<Reply> {
  const target = req.url ?? "/";
  // a path is read after the origin: relative to it, `//datastore/…` would be a host and the rest the path
  const { pathname } = new URL(target.startsWith("/") ? `http://sandbox${target}` : target, "http://sandbox");
  const found = match(ROUTES, req, pathname);
  if (!found) throw notFound(`No endpoint ${req.method} ${pathname}.`);
  const work = async () => {
    const outage = options.outage?.();
    if (outage) throw new Unavailable(outage);
    const caller = await authenticate(options, callers, req);
    const body = await readBody(req);
    return found.route.handle(new RequestContext(options.platform, caller, req, body), found.params);
  };
  // A route that may change permissions or memberships forgets the remembered callers; one that only reads keeps them.
  return found.route.reads ? work() : callers.changing(work);
}

async function authenticate(options: ServerOptions, callers: CallerCache, req: IncomingMessage) {
  const token = bearerToken(req.headers.authorization);
  const claims = await verifyToken(token, options.jwtSecret);
  if (typeof claims === "string") throw unauthenticated(claims);
  const caller = await callers.get(claims.sub, () => callerFor(options.platform.db.pool, claims.sub));
  if (!caller) throw unauthenticated(`User ${claims.sub} is not known to this server.`);
  return caller;
}

/**
 * PostgreSQL is stopped, restarting or unreachable: 503, which clients retry (idempotent calls) after
 * `Retry-After`; the message says why when the sandbox knows (it is restarting its embedded PostgreSQL).
 */
class Unavailable extends HttpError {
  readonly retryAfterS: number;
  constructor(outage: Outage = { message: "The database is not available; try again.", retryAfterS: 1 }) {
    super(503, "serviceUnavailable", 503, outage.message);
    this.retryAfterS = outage.retryAfterS;
  }
}

/**
 * postgres_fdw in an organization's database could not reach the control database: an address or credential
 * out of date (the sandbox updates them at start), not PostgreSQL being away. 500, with what PostgreSQL said.
 */
function foreignServerFailure(error: unknown): HttpError {
  const { message, detail } = error as { message: string; detail?: string };
  console.error(redact(`sandbox: ${message}: ${detail ?? ""}`));
  return new HttpError(
    500,
    "otherError",
    500,
    `An organization's database could not read the platform's data through postgres_fdw (${detail ?? message}); restart the sandbox to bring the stored address and credential up to date.`,
  );
}

/** Anything else becomes the real server's catch-all: 500 `otherError`, `"<Class>: <message>"` (redacted, as its log). */
function unexpected(error: unknown): HttpError {
  const e = error instanceof Error ? error : new Error(String(error));
  console.error(redact(e.stack ?? e.message));
  return new HttpError(500, "otherError", 500, redact(`${e.constructor.name}: ${e.message}`));
}

function send(res: ServerResponse, status: number, reply: Reply) {
  if (res.headersSent) return;
  res.statusCode = status;
  if (reply && "json" in reply) {
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify(reply.json));
  } else if (reply && "text" in reply) {
    res.setHeader("Content-Type", "text/plain;charset=UTF-8");
    res.end(reply.text);
  } else {
    res.end();
  }
}
