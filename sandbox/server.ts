import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { bearerToken } from "./auth/bearer.js";
import { verifyToken } from "./auth/jwt.js";
import { databaseUnavailable } from "./db/control.js";
import { readBody } from "./http/body.js";
import { HttpError, notFound, unauthenticated } from "./http/errors.js";
import { match, type Reply, type Route } from "./http/router.js";
import { RequestContext } from "./routes/context.js";
import { assemblyRoutes } from "./routes/assembly.js";
import { authorizationRoutes } from "./routes/authorizations.js";
import { dataModelRoutes } from "./routes/data-model.js";
import { memberRoutes } from "./routes/members.js";
import { permissionRoutes } from "./routes/permissions.js";
import { organizationRoutes } from "./routes/organizations.js";
import { principalRoutes } from "./routes/principals.js";
import { roleRoutes } from "./routes/roles.js";
import type { Platform } from "./services/organizations.js";
import { callerFor } from "./services/users.js";

const ROUTES: Route<RequestContext>[] = [
  ...organizationRoutes, ...memberRoutes, ...roleRoutes, ...assemblyRoutes,
  ...principalRoutes, ...permissionRoutes, ...authorizationRoutes, ...dataModelRoutes,
];

export interface ServerOptions {
  platform: Platform;
  jwtSecret: string;
  /** Called once per request with a line such as `GET /datastore/organizations 200 4 ms`; never the token. */
  log?: (line: string) => void;
}

/** The sandbox's HTTP server: authenticates, routes, and answers errors in the real server's shape. */
export function createSandboxServer(options: ServerOptions): Server {
  const server = createServer((req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    res.setHeader("X-Request-Id", requestId);
    handle(options, req)
      .then((reply) => send(res, 200, reply))
      .catch((error: unknown) => {
        const httpError = error instanceof HttpError ? error : databaseUnavailable(error) ? unavailable() : unexpected(error);
        if (httpError.status === 503) res.setHeader("Retry-After", "1");
        send(res, httpError.status, { json: httpError.body });
      })
      .finally(() => {
        const path = (req.url ?? "").split("?")[0];
        options.log?.(`${req.method} ${path} ${res.statusCode} ${Math.round(performance.now() - started)} ms ${requestId}`);
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

async function handle(options: ServerOptions, req: IncomingMessage): Promise<Reply> {
  const { pathname } = new URL(req.url ?? "/", "http://sandbox");
  const found = match(ROUTES, req, pathname);
  if (!found) throw notFound(`No endpoint ${req.method} ${pathname}.`);
  const caller = await authenticate(options, req);
  const body = await readBody(req);
  return found.route.handle(new RequestContext(options.platform, caller, req, body), found.params);
}

async function authenticate(options: ServerOptions, req: IncomingMessage) {
  const token = bearerToken(req.headers.authorization);
  const claims = verifyToken(token, options.jwtSecret);
  if (typeof claims === "string") throw unauthenticated(claims);
  const caller = await callerFor(options.platform.db.pool, claims.sub);
  if (!caller) throw unauthenticated(`User ${claims.sub} is not known to this server.`);
  return caller;
}

/** PostgreSQL is stopped, restarting or unreachable: 503, which clients retry (idempotent calls) after `Retry-After`. */
function unavailable(): HttpError {
  return new HttpError(503, "serviceUnavailable", 503, "The database is not available; try again.");
}

/** Anything else becomes the real server's catch-all: 500 `otherError`, `"<Class>: <message>"`. */
function unexpected(error: unknown): HttpError {
  const e = error instanceof Error ? error : new Error(String(error));
  console.error(e);
  return new HttpError(500, "otherError", 500, `${e.constructor.name}: ${e.message}`);
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
