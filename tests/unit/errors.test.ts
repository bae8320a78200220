import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InputError,
  NotFoundError,
  NotImplementedError,
  OpenLatticeError,
  PermissionError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from "../../lib/errors.js";
import { issueMessage } from "../../lib/schemas/messages.js";

const olBody = (type: string, code: number, message: string) => ({ errors: [{ error: { type, code }, message }] });
type Row = [
  label: string,
  status: number,
  body: unknown,
  cls: typeof ApiError,
  message: string | RegExp,
  errorType?: string,
];

const table: Row[] = [
  [
    "400 illegalArgument",
    400,
    olBody("illegalArgument", 400, "Title cannot be blank."),
    BadRequestError,
    "Title cannot be blank.",
    "illegalArgument",
  ],
  [
    "401 forbidden → permission",
    401,
    olBody("forbidden", 403, "Object [a, b] is not accessible."),
    PermissionError,
    "Object [a, b] is not accessible.",
    "forbidden",
  ],
  [
    "401 other type → authentication",
    401,
    olBody("unauthorized", 401, "Token expired"),
    AuthenticationError,
    "Token expired",
    "unauthorized",
  ],
  [
    "401 empty body → authentication",
    401,
    undefined,
    AuthenticationError,
    /^HTTP 401 from GET \/datastore\/x: the server did not accept the token/,
  ],
  [
    "401 Spring body → authentication",
    401,
    { status: 401, error: "Unauthorized", message: "Full authentication is required" },
    AuthenticationError,
    "Full authentication is required: the server did not accept the token (get a fresh one)",
  ],
  ["403 from a gateway → permission", 403, "Forbidden", PermissionError, "Forbidden"],
  [
    "404 resourceNotFound",
    404,
    olBody("resourceNotFound", 404, "Entity set not found."),
    NotFoundError,
    "Entity set not found.",
    "resourceNotFound",
  ],
  [
    "409 typeExists",
    409,
    olBody("typeExists", 409, "Organization already exists."),
    ConflictError,
    "Organization already exists.",
    "typeExists",
  ],
  ["429 text body", 429, "slow down", RateLimitError, "slow down"],
  [
    "500 NotImplementedException",
    500,
    olBody("otherError", 500, "NotImplementedException: DBT will fill this in."),
    NotImplementedError,
    /^GET \/datastore\/x is no longer implemented by the OpenLattice platform \(server said: NotImplementedException: DBT will fill this in\.\)$/,
    "otherError",
  ],
  [
    "500 illegalState",
    500,
    olBody("illegalState", 500, "Organization [o] does not exist."),
    ServerError,
    "Organization [o] does not exist.",
    "illegalState",
  ],
  ["503 no body", 503, undefined, ServerError, "HTTP 503 from GET /datastore/x"],
  ["418 other", 418, { teapot: true }, ApiError, '{"teapot":true}'],
];

describe("ApiError.from mapping", () => {
  for (const [label, status, body, cls, message, errorType] of table) {
    it(label, () => {
      const error = ApiError.from({ status, method: "GET", path: "/datastore/x", body, requestId: "req-1" });
      assert.equal(error.constructor, cls);
      assert.ok(error instanceof ApiError && error instanceof OpenLatticeError && error instanceof Error);
      assert.equal(error.name, cls.name);
      if (typeof message === "string") assert.equal(error.message, message);
      else assert.match(error.message, message);
      assert.equal(error.errorType, errorType);
      assert.equal(error.status, status);
      assert.equal(error.method, "GET");
      assert.equal(error.path, "/datastore/x");
      assert.deepEqual(error.body, body);
      assert.deepEqual(error.toJSON(), { name: cls.name, status, message: error.message, requestId: "req-1" });
    });
  }

  it("a long text body is shortened; toJSON omits an absent request id", () => {
    const error = ApiError.from({ status: 502, method: "PUT", path: "/p", body: "x".repeat(1000) });
    assert.ok(error.message.length < 250);
    assert.deepEqual(Object.keys(error.toJSON()), ["name", "status", "message"]);
  });
});

describe("errors beside ApiError", () => {
  it("ResponseValidationError is not an ApiError and lists the first issue paths", () => {
    const schema = z.array(
      z.object({ id: z.string(), title: z.string(), roles: z.array(z.object({ id: z.string() })) }),
    );
    const bad = [
      { id: 1, roles: [{ id: 2 }] },
      { id: "ok", title: 3, roles: [] },
    ];
    const parsed = schema.safeParse(bad, { error: issueMessage }); // as the client parses
    assert.ok(!parsed.success);
    const error = new ResponseValidationError(
      "GET",
      "/datastore/organizations",
      parsed.error.issues,
      "y".repeat(2000),
      "r9",
    );
    assert.ok(!(error instanceof ApiError));
    assert.ok(error instanceof OpenLatticeError);
    assert.match(
      error.message,
      /^GET \/datastore\/organizations returned data that does not match the expected schema: /,
    );
    assert.match(
      error.message,
      /\[0\]\.id: Expected string, received number; \[0\]\.title: Required; \[0\]\.roles\[0\]\.id: .*\(\+1 more\)$/,
    );
    assert.equal(error.issues.length, 4);
    assert.ok(error.body.length <= 501);
    assert.deepEqual(error.toJSON(), { name: "ResponseValidationError", message: error.message, requestId: "r9" });
  });

  it("TimeoutError says which limit and the ms", () => {
    assert.equal(
      new TimeoutError("attempt", 30000, "GET", "/a").message,
      "GET /a timed out: per-attempt timeout (timeoutMs) of 30000 ms exceeded",
    );
    assert.match(
      new TimeoutError("total", 120000, "GET", "/a").message,
      /overall budget incl\. retries \(totalTimeoutMs\) of 120000 ms/,
    );
    assert.deepEqual(Object.keys(new TimeoutError("total", 1, "GET", "/a").toJSON()), ["name", "message"]);
  });

  it("ConnectionError keeps a redacted copy of its cause", () => {
    const cause = Object.assign(new TypeError("connect ECONNREFUSED 127.0.0.1:8080 secret-x"), {
      code: "ECONNREFUSED",
    });
    const error = new ConnectionError("DELETE", "/a", cause, ["secret-x"]);
    assert.equal(error.message, "Connection failed for DELETE /a: connect ECONNREFUSED 127.0.0.1:8080 [redacted]");
    assert.ok(error.cause instanceof Error);
    assert.equal(error.cause.name, "TypeError");
    assert.equal((error.cause as { code?: string }).code, "ECONNREFUSED");
    assert.ok(!error.cause.stack?.includes("secret-x"));
  });

  it("InputError names the argument and what is wrong", () => {
    assert.equal(
      new InputError("organizationId", "must be a UUID", "abc").message,
      'organizationId must be a UUID, got "abc"',
    );
    assert.equal(new InputError("title", "is required").message, "title is required");
    assert.equal(new InputError("x", "must be set", undefined).message, "x must be set, got undefined");
  });
});
