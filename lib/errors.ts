import type { z } from "zod";
import { redact, redactedError, redactJsonText } from "./redaction.js";
import { ErrorBody } from "./schemas/error-body.js";

/** Base of every error this kit throws. `toJSON()` keeps notebook output short: name, status, message, request id. */
export class OpenLatticeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options); // no bearer credential or JWT in any message, by construction
    this.name = new.target.name;
  }

  toJSON(): { name: string; status?: number; message: string; requestId?: string } {
    const { status, requestId } = this as { status?: number; requestId?: string };
    return {
      name: this.name,
      ...(status !== undefined && { status }),
      message: this.message,
      ...(requestId !== undefined && { requestId }),
    };
  }
}

/** What the client knows about a non-2xx answer; `body` is the parsed JSON, or the raw text when it is not JSON. */
export interface ApiErrorInit {
  status: number;
  method: string;
  path: string;
  body?: unknown;
  requestId?: string;
}

/** The server answered with a non-2xx status. Build one with `ApiError.from(...)`, which picks the subclass. */
export class ApiError extends OpenLatticeError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** `errors[0].error.type` of an OpenLattice error body, e.g. `forbidden`, `illegalArgument`, `resourceNotFound`. */
  readonly errorType?: string;
  readonly requestId?: string;
  readonly body: unknown;

  constructor(init: ApiErrorInit, message = describeBody(init)) {
    super(message);
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.errorType = firstError(init.body)?.error.type;
    this.requestId = init.requestId;
    this.body = init.body;
  }

  /** The one factory: maps status and body to the matching subclass. */
  static from(init: ApiErrorInit): ApiError {
    const { status } = init;
    const first = firstError(init.body);
    if (status === 400) return new BadRequestError(init);
    if (status === 401)
      return first?.error.type === "forbidden" ? new PermissionError(init) : new AuthenticationError(init);
    if (status === 403) return new PermissionError(init); // not sent by OpenLattice itself, but by gateways
    if (status === 404) return new NotFoundError(init);
    if (status === 409) return new ConflictError(init);
    if (status === 429) return new RateLimitError(init);
    if (status === 500 && first?.message.startsWith("NotImplementedException")) return new NotImplementedError(init);
    if (status >= 500) return new ServerError(init);
    return new ApiError(init);
  }
}

/** 400: the server rejected the arguments (`illegalArgument`). */
export class BadRequestError extends ApiError {}
/** 401 without type `forbidden`: the token is missing, malformed, expired or not accepted. */
export class AuthenticationError extends ApiError {
  constructor(init: ApiErrorInit) {
    const hint = "the server did not accept the token (get a fresh one)";
    super(init, firstError(init.body)?.message ?? `${describeBody(init)}: ${hint}`);
  }
}
/** 401 with type `forbidden` (code 403): the OpenLattice server's answer to every failed permission check; or a 403. */
export class PermissionError extends ApiError {}
/** 404 (`resourceNotFound`). */
export class NotFoundError extends ApiError {}
/** 409 (`typeExists`). Never retried. */
export class ConflictError extends ApiError {}
/** 429: too many requests. */
export class RateLimitError extends ApiError {}
/** 5xx other than `NotImplementedException`. */
export class ServerError extends ApiError {}
/** 500 `NotImplementedException`: the endpoint exists but the platform no longer implements it (e.g. assembly). */
export class NotImplementedError extends ApiError {
  constructor(init: ApiErrorInit) {
    const said = firstError(init.body)?.message ?? "";
    super(
      init,
      `${init.method} ${init.path} is no longer implemented by the OpenLattice platform (server said: ${said})`,
    );
  }
}

/**
 * The request never got an answer (DNS, refused connection, reset socket...).
 * `cause` is a copy of the fetch failure (name, code, message, stack) with `secrets` and credentials redacted.
 */
export class ConnectionError extends OpenLatticeError {
  constructor(
    readonly method: string,
    readonly path: string,
    cause: unknown,
    secrets: readonly string[] = [],
  ) {
    const copy = redactedError(cause, secrets);
    super(`Connection failed for ${method} ${path}: ${copy.message}`, { cause: copy });
  }
}

/** No answer in time: `kind` says whether the per-attempt `timeoutMs` or the overall `totalTimeoutMs` ran out. */
export class TimeoutError extends OpenLatticeError {
  constructor(
    readonly kind: "attempt" | "total",
    readonly ms: number,
    readonly method: string,
    readonly path: string,
  ) {
    const which =
      kind === "attempt" ? "per-attempt timeout (timeoutMs)" : "overall budget incl. retries (totalTimeoutMs)";
    super(`${method} ${path} timed out: ${which} of ${ms} ms exceeded`);
  }
}

/**
 * The request succeeded but the answer broke the schema. Deliberately not an ApiError (as ky's SchemaValidationError).
 * `body` is the raw answer with secret-named fields (`credential`…) redacted, truncated to about 500 characters.
 */
export class ResponseValidationError extends OpenLatticeError {
  readonly body: string;
  constructor(
    readonly method: string,
    readonly path: string,
    readonly issues: z.ZodIssue[],
    body: string,
    readonly requestId?: string,
  ) {
    const shown = issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : "";
    super(`${method} ${path} returned data that does not match the expected schema: ${shown.join("; ")}${more}`);
    this.body = truncate(redactJsonText(body), 500);
  }
}

/** A bad argument caught before sending, e.g. `organizationId must be a UUID, got "abc"`. */
export class InputError extends OpenLatticeError {
  constructor(
    readonly argument: string,
    problem: string,
    ...got: [] | [unknown]
  ) {
    super(`${argument} ${problem}${got.length ? `, got ${truncate(show(got[0]), 80)}` : ""}`);
  }
}

/**
 * A destructive call without `{ confirm: target }`, or with another value, refused before sending. Required for
 * any base URL but the local sandbox; checked whenever given. The message says exactly what to pass.
 */
export class ConfirmationRequiredError extends InputError {
  constructor(
    readonly action: string,
    readonly target: string,
    readonly host: string,
    confirm: unknown,
  ) {
    const pass = `pass { confirm: ${JSON.stringify(target)} } as its options`;
    const missing = `is required for ${action} on ${host} (any host but the local sandbox): ${pass}`;
    const wrong = `must be ${JSON.stringify(target)} for ${action} on ${host}: ${pass}`;
    const got: [] | [unknown] = confirm === undefined ? [] : [confirm];
    super("options.confirm", confirm === undefined ? missing : wrong, ...got);
  }
}

/** The client is in read-only mode and refused a call that may change something (any method but GET), before sending. */
export class ReadOnlyError extends OpenLatticeError {
  constructor(
    readonly method: string,
    readonly path: string,
  ) {
    super(
      `read-only mode refused ${method} ${path}: only GET calls are sent (mode "read-only", from the client's options or OPENLATTICE_MODE)`,
    );
  }
}

/** The token is not a decodable JWT (message says why; never contains the token). */
export class TokenError extends OpenLatticeError {}

/** The token's `exp` has passed. */
export class TokenExpiredError extends TokenError {
  constructor(readonly expiresAt: Date) {
    super(`The OpenLattice token expired at ${expiresAt.toISOString()}: set a fresh one in OPENLATTICE_JWT`);
  }
}

/** No token configured. */
export class MissingTokenError extends TokenError {
  constructor() {
    super(
      "No OpenLattice token: set OPENLATTICE_JWT (environment or the .env file at the repository root) or pass accessToken. " +
        "For the local sandbox run `npm run -s sandbox:token -- owner`; for a real deployment copy the JWT from your account page.",
    );
  }
}

function firstError(body: unknown): ErrorBody["errors"][number] | undefined {
  const parsed = ErrorBody.safeParse(body);
  return parsed.success ? parsed.data.errors[0] : undefined;
}

/** Message for a body without the OpenLattice error shape: a `message` field, else the text, else the status. */
function describeBody(init: ApiErrorInit): string {
  const first = firstError(init.body);
  if (first) return first.message;
  const { body } = init;
  if (body && typeof body === "object" && typeof (body as { message?: unknown }).message === "string") {
    return (body as { message: string }).message;
  }
  const text = typeof body === "string" ? body.trim() : body === undefined || body === null ? "" : show(body);
  return text ? truncate(text, 200) : `HTTP ${init.status} from ${init.method} ${init.path}`;
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join("");
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
