import { inspect } from "node:util";
import nodeFetch from "node-fetch";
import { z } from "zod";
import type { Configuration } from "./config.js";
import {
  ApiError,
  ConnectionError,
  InputError,
  ReadOnlyError,
  ResponseValidationError,
  TimeoutError,
} from "./errors.js";
import { maskedJson, redact } from "./redaction.js";
import { parseMode, type ClientMode } from "./modes.js";
import { issueMessage } from "./schemas/messages.js";
import { toStrict } from "./schemas/strict.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The part of a fetch Response the client reads (global fetch and node-fetch both fit). */
export interface FetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<FetchResponse>;

export interface ApiClientOptions {
  /** Default node-fetch. */
  fetch?: FetchLike;
  /** Retries of idempotent calls (GET, PUT, DELETE). Default 2. */
  maxRetries?: number;
  /** Per attempt. Default 30 000. */
  timeoutMs?: number;
  /** Overall budget including retries and waits. Default 120 000. */
  totalTimeoutMs?: number;
  /** Parse answers with every object strict (unknown keys rejected), as the test suite does. Default false. */
  strict?: boolean;
  /** Base of the exponential backoff (capped at 8 s). Default 500. */
  retryDelayMs?: number;
  /** For tests: how to wait between attempts, and the clock (ms) used for the overall budget and HTTP dates. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /**
   * What to do with calls that may change something (any method but GET): `normal` sends them; `read-only`
   * refuses them with a ReadOnlyError; `dry-run` logs them (redacted) and resolves to `undefined` without sending,
   * so a create returns `undefined`. Default: the configuration's mode (`OPENLATTICE_MODE`), else `normal`.
   */
  mode?: ClientMode;
  /** Where read-only refusals and dry-run requests are reported, one message each. Default `console.log`. */
  log?: (message: string) => void;
}

export interface RequestOptions<T> {
  method: HttpMethod;
  /** Starts with `/`, already URL-encoded, e.g. `/datastore/organizations`. */
  path: string;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as `text/plain; charset=utf-8`. */
  text?: string;
  /** Validates the answer (JSON, or the text when `responseType: "text"`). */
  schema?: z.ZodType<T>;
  /** Default: `json` when a schema is given, else `none` (body ignored). */
  responseType?: "json" | "text" | "none";
  maxRetries?: number;
  signal?: AbortSignal;
  /** The call changes nothing although its method is not GET (a lookup sent by POST): sent in read-only and dry-run modes too. */
  readsOnly?: boolean;
}

const IDEMPOTENT = new Set<string>(["GET", "PUT", "DELETE"]);
const RETRY_STATUSES = new Set([408, 429, 502, 503, 504]);
const MAX_BACKOFF_MS = 8000;
const MAX_RETRY_AFTER_MS = 60_000;
const MAX_LOGGED_BODY = 2000;

type SendInit = Omit<Parameters<FetchLike>[1], "signal">;

/**
 * The one place with the HTTP rules: auth header, timeouts, retries, request ids, validation, redaction.
 * API classes (e.g. OrganizationsApi) call `request` with a method, path, body and schema.
 * @example const client = new ApiClient(loadConfiguration());
 */
export class ApiClient {
  readonly #configuration: Configuration;
  readonly #fetch: FetchLike;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  readonly #settings: Required<Omit<ApiClientOptions, "fetch" | "sleep" | "now" | "mode" | "log">>;
  readonly #mode?: ClientMode;
  readonly #log: (message: string) => void;

  constructor(configuration: Configuration, options: ApiClientOptions = {}) {
    this.#configuration = configuration;
    this.#fetch = options.fetch ?? (nodeFetch as unknown as FetchLike);
    this.#sleep = options.sleep ?? sleep;
    this.#now = options.now ?? Date.now;
    if (options.mode !== undefined) this.#mode = parseMode(options.mode, "mode");
    if (options.log !== undefined && typeof options.log !== "function")
      throw new InputError("log", "must be a function", options.log);
    this.#log = options.log ?? console.log;
    this.#settings = {
      maxRetries: options.maxRetries ?? 2,
      timeoutMs: options.timeoutMs ?? 30_000,
      totalTimeoutMs: options.totalTimeoutMs ?? 120_000,
      strict: options.strict ?? false,
      retryDelayMs: options.retryDelayMs ?? 500,
    };
  }

  /** The configuration in use (host and token; setting `configuration.accessToken` takes effect on the next call). */
  get configuration(): Configuration {
    return this.#configuration;
  }

  /** `normal`, `read-only` or `dry-run`: the client's own, else the configuration's (see ApiClientOptions.mode). */
  get mode(): ClientMode {
    return this.#mode ?? this.#configuration.mode;
  }

  /**
   * Sends one API call and returns its validated answer.
   * In read-only mode a call other than GET (and not `readsOnly`) throws a ReadOnlyError; in dry-run mode it is
   * logged and resolves to `undefined` (whatever `T` says). Neither sends it; both report it through `log`.
   * The token is checked next (missing, malformed or expired fails before sending).
   * GET, PUT and DELETE are retried on 408/429/502/503/504, connection errors and per-attempt timeouts.
   * @throws ApiError subclasses, ConnectionError, TimeoutError, ResponseValidationError, TokenError, InputError, ReadOnlyError;
   *   the caller's `signal.reason` when aborted.
   * @example await client.request({ method: "GET", path: "/datastore/organizations", schema: z.array(Organization) })
   */
  async request<T>(opts: RequestOptions<T>): Promise<T> {
    const { method, path, signal } = opts;
    if (typeof path !== "string" || !path.startsWith("/")) throw new InputError("path", "must start with /", path);
    if (opts.json !== undefined && opts.text !== undefined) throw new InputError("json/text", "cannot both be given");
    const responseType = opts.responseType ?? (opts.schema ? "json" : "none");
    const accept = responseType === "text" ? "*/*" : "application/json";
    const headers: Record<string, string> = { Accept: accept };
    let body: string | undefined;
    if (opts.json !== undefined) [body, headers["Content-Type"]] = [toJsonText(opts.json), "application/json"];
    if (opts.text !== undefined) [body, headers["Content-Type"]] = [opts.text, "text/plain; charset=utf-8"];
    if (this.#withheld(method, path, opts.readsOnly, headers["Content-Type"], body)) return undefined as T;
    this.#configuration.checkToken();
    const token = this.#configuration.accessToken;
    headers.Authorization = `Bearer ${token}`;

    const maxRetries = IDEMPOTENT.has(method) ? (opts.maxRetries ?? this.#settings.maxRetries) : 0;
    const deadline = this.#now() + this.#settings.totalTimeoutMs;
    const url = this.#configuration.host + path;
    for (let attempt = 0; ; attempt++) {
      let failure: Error;
      let retryAfterMs: number | undefined;
      try {
        const answer = await this.#attempt(url, { method, headers, body }, path, deadline, token, signal);
        const requestId = answer.headers.get("x-request-id") ?? answer.headers.get("x-amzn-requestid") ?? undefined;
        if (answer.status >= 200 && answer.status < 300) return this.#parse(opts, responseType, answer.text, requestId);
        const errorBody = parseBody(redact(answer.text, [token]));
        failure = ApiError.from({ status: answer.status, method, path, body: errorBody, requestId });
        if (!RETRY_STATUSES.has(answer.status)) throw failure;
        retryAfterMs = parseRetryAfter(answer.headers.get("retry-after"), this.#now());
      } catch (error) {
        const retryable =
          error instanceof ConnectionError || (error instanceof TimeoutError && error.kind === "attempt");
        if (!retryable) throw error;
        failure = error;
      }
      if (attempt >= maxRetries || (retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS) throw failure;
      const delay = retryAfterMs ?? this.#backoff(attempt);
      if (this.#now() + delay >= deadline) throw failure;
      await this.#sleep(delay, signal);
      if (signal?.aborted) throw signal.reason;
    }
  }

  /**
   * Applies the mode to a call about to be sent: true when dry-run withholds it (after logging it, redacted).
   * @throws ReadOnlyError in read-only mode (after logging the refusal).
   */
  #withheld(
    method: HttpMethod,
    path: string,
    readsOnly: boolean | undefined,
    contentType?: string,
    body?: string,
  ): boolean {
    const mode = this.mode;
    if (mode === "normal" || method === "GET" || readsOnly) return false;
    if (mode === "read-only") {
      this.#log(`read-only: refused ${method} ${path}`);
      throw new ReadOnlyError(method, path);
    }
    const lines = [`dry-run: not sent: ${method} ${path}`];
    if (contentType) lines.push(`  Content-Type: ${contentType}`);
    if (body !== undefined) lines.push(`  body: ${this.#loggable(body, contentType)}`);
    this.#log(lines.join("\n"));
    return true;
  }

  /** A body as dry-run shows it: secret-named JSON keys masked, the token and any JWT redacted, long text cut. */
  #loggable(body: string, contentType?: string): string {
    const masked = contentType === "application/json" ? maskedJson(JSON.parse(body)) : body;
    const text = redact(masked, [this.#configuration.accessToken]);
    return text.length > MAX_LOGGED_BODY ? `${text.slice(0, MAX_LOGGED_BODY)}… (${text.length} characters)` : text;
  }

  /** One fetch plus body read, bounded by the per-attempt timeout and the overall deadline. */
  async #attempt(url: string, init: SendInit, path: string, deadline: number, token: string, signal?: AbortSignal) {
    if (signal?.aborted) throw signal.reason;
    const { timeoutMs, totalTimeoutMs } = this.#settings;
    const remaining = deadline - this.#now();
    if (remaining <= 0) throw new TimeoutError("total", totalTimeoutMs, init.method, path);
    const kind = timeoutMs <= remaining ? "attempt" : "total";
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => ((timedOut = true), controller.abort()), Math.min(timeoutMs, remaining));
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
    });
    const work = (async () => {
      const response = await this.#fetch(url, { ...init, signal: controller.signal });
      return { status: response.status, headers: response.headers, text: await response.text() };
    })();
    work.catch(() => {}); // a late failure after a timeout or abort must not become an unhandled rejection
    aborted.catch(() => {});
    try {
      return await Promise.race([work, aborted]);
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      if (timedOut) throw new TimeoutError(kind, kind === "attempt" ? timeoutMs : totalTimeoutMs, init.method, path);
      throw new ConnectionError(init.method, path, cause, [token]);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  #parse<T>(opts: RequestOptions<T>, responseType: string, text: string, requestId?: string): T {
    if (responseType === "none") return undefined as T;
    const body = redact(text, [this.#configuration.accessToken]);
    const fail = (issues: z.ZodIssue[]) => new ResponseValidationError(opts.method, opts.path, issues, body, requestId);
    let data: unknown = text;
    if (responseType === "json") {
      const problem = (message: string) => fail([{ code: "custom", path: [], message }]);
      if (text.trim() === "") throw problem("expected a JSON body, got an empty answer");
      try {
        data = JSON.parse(text);
      } catch {
        throw problem("the answer is not valid JSON");
      }
    }
    if (!opts.schema) return data as T;
    const result = (this.#settings.strict ? toStrict(opts.schema) : opts.schema).safeParse(data, {
      error: issueMessage,
    });
    if (!result.success) throw fail(result.error.issues);
    return result.data;
  }

  /** Full jitter between retryDelayMs and the exponential ceiling (retryDelayMs * 2^(attempt+1), capped at 8 s). */
  #backoff(attempt: number): number {
    const base = this.#settings.retryDelayMs;
    const ceiling = Math.max(base, Math.min(MAX_BACKOFF_MS, base * 2 ** (attempt + 1)));
    return base + Math.random() * (ceiling - base);
  }

  /** Host, user and settings; never the token. */
  toJSON(): Record<string, unknown> {
    return { configuration: this.#configuration.toJSON(), mode: this.mode, ...this.#settings };
  }

  [inspect.custom](_depth: number, options: object): string {
    return `ApiClient ${inspect(this.toJSON(), options)}`;
  }
}

function toJsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new InputError("json", `cannot be serialized (${(error as Error).message})`);
  }
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `Retry-After` in ms: delta seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value?.trim()) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), ms);
    const onAbort = (): void => (clearTimeout(timer), reject(signal?.reason));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
