import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { ApiClient, type ApiClientOptions } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import {
  ApiError,
  ConflictError,
  ConnectionError,
  InputError,
  MissingTokenError,
  NotFoundError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  TokenError,
  TokenExpiredError,
} from "../../lib/errors.js";
import { fakeFetch, type Step } from "../helpers/fake-client.js";
import { testJwt } from "../helpers/tokens.js";

const token = testJwt({ sub: "u1" });

/** A clock that only moves when the client sleeps, so retry tests take no real time. */
const START = Date.parse("2030-01-01T00:00:00Z");
function fakeClock() {
  let time = START;
  const waits: number[] = [];
  return { now: () => time, sleep: async (ms: number) => void (waits.push(ms), (time += ms)), waits };
}

function setup(
  steps: Step[],
  options: ApiClientOptions = {},
  configuration = new Configuration({ host: "http://ol.test", accessToken: token }),
) {
  const { fetch, calls } = fakeFetch(...steps);
  const clock = fakeClock();
  const client = new ApiClient(configuration, { fetch, now: clock.now, sleep: clock.sleep, ...options });
  return { client, calls, waits: clock.waits };
}

const Org = z.object({ id: z.string(), title: z.string() }).passthrough();
const ok = (value: unknown, headers?: Record<string, string>): Step => ({
  status: 200,
  body: JSON.stringify(value),
  headers,
});
const status = (code: number, headers?: Record<string, string>, body = ""): Step => ({ status: code, headers, body });
const get = { method: "GET", path: "/datastore/organizations/o1", schema: Org } as const;

describe("retries", () => {
  it("retries a GET on 503 with backoff, then succeeds", async () => {
    const { client, calls, waits } = setup([status(503), ok({ id: "o1", title: "T" })]);
    assert.deepEqual(await client.request(get), { id: "o1", title: "T" });
    assert.equal(calls.length, 2);
    assert.equal(waits.length, 1);
    assert.ok(waits[0]! >= 500 && waits[0]! <= 1000, `first wait ${waits[0]}`);
  });

  it("gives up after maxRetries with the last error; backoff grows and is capped at 8 s", async () => {
    const { client, calls, waits } = setup([status(502)], {
      retryDelayMs: 3000,
      maxRetries: 4,
      totalTimeoutMs: 600_000,
    });
    await assert.rejects(client.request(get), (error: unknown) => error instanceof ServerError && error.status === 502);
    assert.equal(calls.length, 5);
    assert.equal(waits.length, 4);
    for (const wait of waits) assert.ok(wait >= 3000 && wait <= 8000, `wait ${wait}`);
  });

  it("PUT and DELETE are retried; a per-call maxRetries: 0 turns it off", async () => {
    for (const method of ["PUT", "DELETE"] as const) {
      const { client, calls } = setup([status(504), status(200)]);
      await client.request({ method, path: "/x" });
      assert.equal(calls.length, 2, method);
    }
    const { client, calls } = setup([status(503)]);
    await assert.rejects(client.request({ ...get, maxRetries: 0 }), ServerError);
    assert.equal(calls.length, 1);
  });

  it("never retries POST or PATCH (status, connection error or timeout)", async () => {
    for (const method of ["POST", "PATCH"] as const) {
      for (const step of [status(503), status(429), new Error("socket hang up")]) {
        const { client, calls } = setup([step, status(200)]);
        await assert.rejects(client.request({ method, path: "/x", json: {} }));
        assert.equal(calls.length, 1, `${method} ${JSON.stringify(step)}`);
      }
      const { client, calls } = setup(["hang", status(200)], { timeoutMs: 20, sleep: undefined, now: undefined });
      await assert.rejects(client.request({ method, path: "/x" }), TimeoutError);
      assert.equal(calls.length, 1);
    }
  });

  it("never retries 409 or other non-retryable statuses", async () => {
    for (const [code, cls] of [
      [409, ConflictError],
      [404, NotFoundError],
      [500, ServerError],
    ] as const) {
      const { client, calls } = setup([status(code), ok({ id: "o1", title: "T" })]);
      await assert.rejects(client.request(get), cls);
      assert.equal(calls.length, 1);
    }
  });

  it("honours Retry-After in seconds", async () => {
    const { client, waits } = setup([status(429, { "Retry-After": "3" }), ok({ id: "o1", title: "T" })]);
    await client.request(get);
    assert.deepEqual(waits, [3000]);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const later = new Date(START + 5000).toUTCString();
    const { client, waits } = setup([status(503, { "retry-after": later }), ok({ id: "o1", title: "T" })]);
    await client.request(get);
    assert.deepEqual(waits, [5000]);
  });

  it("does not wait for a Retry-After above 60 s: fails with the RateLimitError", async () => {
    const { client, calls, waits } = setup([status(429, { "Retry-After": "120" }), ok({ id: "o1", title: "T" })]);
    await assert.rejects(client.request(get), RateLimitError);
    assert.equal(calls.length, 1);
    assert.deepEqual(waits, []);
  });

  it("retries a GET after a connection error; a lasting one becomes ConnectionError with cause", async () => {
    const flaky = setup([new Error("read ECONNRESET"), ok({ id: "o1", title: "T" })]);
    assert.equal((await flaky.client.request(get)).id, "o1");
    assert.equal(flaky.calls.length, 2);

    const down = setup([Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8080"), { code: "ECONNREFUSED" })]);
    await assert.rejects(down.client.request(get), (error: unknown) => {
      assert.ok(error instanceof ConnectionError);
      assert.match(error.message, /ECONNREFUSED/);
      assert.equal((error.cause as { code?: string }).code, "ECONNREFUSED");
      return true;
    });
    assert.equal(down.calls.length, 3);
  });

  it("stops retrying when the next wait would pass the overall budget", async () => {
    const { client, calls, waits } = setup([status(503)], { maxRetries: 50, retryDelayMs: 400, totalTimeoutMs: 2000 });
    await assert.rejects(client.request(get), ServerError);
    assert.ok(waits.reduce((a, b) => a + b, 0) < 2000);
    assert.equal(calls.length, waits.length + 1);
  });
});

describe("timeouts and abort (real timers, generous margins)", () => {
  it("a hanging attempt fails with a per-attempt TimeoutError; a GET is retried", async () => {
    const real = { sleep: undefined, now: undefined, retryDelayMs: 1 };
    const once = setup(["hang"], { ...real, timeoutMs: 20, maxRetries: 0 });
    await assert.rejects(
      once.client.request(get),
      (error: unknown) => error instanceof TimeoutError && error.kind === "attempt" && error.ms === 20,
    );
    const retried = setup(["hang", ok({ id: "o1", title: "T" })], { ...real, timeoutMs: 20, maxRetries: 1 });
    assert.equal((await retried.client.request(get)).id, "o1");
    assert.equal(retried.calls.length, 2);
  });

  it("the overall budget bounds an attempt too", async () => {
    const { client } = setup(["hang"], { sleep: undefined, now: undefined, timeoutMs: 60_000, totalTimeoutMs: 30 });
    await assert.rejects(
      client.request(get),
      (error: unknown) => error instanceof TimeoutError && error.kind === "total" && error.ms === 30,
    );
  });

  it("the caller's signal aborts a pending request, a wait between retries, and prevents sending", async () => {
    const pending = setup(["hang"]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(pending.client.request({ ...get, signal: controller.signal }), { name: "AbortError" });

    const waiting = setup([status(503)], { sleep: undefined, now: undefined, retryDelayMs: 60_000 });
    const second = new AbortController();
    setTimeout(() => second.abort(), 10);
    await assert.rejects(waiting.client.request({ ...get, signal: second.signal }), { name: "AbortError" });
    assert.equal(waiting.calls.length, 1);

    const before = setup([ok({})]);
    await assert.rejects(before.client.request({ ...get, signal: AbortSignal.abort() }), { name: "AbortError" });
    assert.equal(before.calls.length, 0);
  });
});

describe("what is sent", () => {
  it("json body, headers and URL", async () => {
    const { client, calls } = setup([ok("7b9e0c1a-0000-0000-0000-000000000000")]);
    await client.request({
      method: "POST",
      path: "/datastore/organizations",
      json: { title: "T" },
      schema: z.string(),
    });
    const [url, init] = calls[0]!;
    assert.equal(url, "http://ol.test/datastore/organizations");
    assert.equal(init.method, "POST");
    assert.equal(init.body, '{"title":"T"}');
    assert.deepEqual(init.headers, {
      Authorization: `Bearer ${token}`,
      Accept: "application/json",
      "Content-Type": "application/json",
    });
  });

  it("text body as text/plain; a text answer; no body means no Content-Type", async () => {
    const { client, calls } = setup([status(200), { status: 200, body: "org_db_name" }, status(204)]);
    await client.request({ method: "PUT", path: "/datastore/organizations/o1/title", text: "Ünïcode title" });
    assert.equal(calls[0]![1].body, "Ünïcode title");
    assert.equal(calls[0]![1].headers["Content-Type"], "text/plain; charset=utf-8");
    assert.equal(await client.request({ method: "GET", path: "/d", responseType: "text" }), "org_db_name");
    assert.equal(calls[1]![1].headers.Accept, "*/*");
    assert.equal(await client.request({ method: "DELETE", path: "/x" }), undefined);
    assert.equal(calls[2]![1].headers["Content-Type"], undefined);
    assert.equal(calls[2]![1].body, undefined);
  });

  it("rejects bad arguments before sending", async () => {
    const { client, calls } = setup([ok({})]);
    await assert.rejects(client.request({ method: "GET", path: "datastore/x" }), InputError);
    await assert.rejects(client.request({ method: "PUT", path: "/x", json: 1, text: "a" }), InputError);
    assert.equal(calls.length, 0);
  });

  it("a missing, malformed or expired token fails before fetch is called", async () => {
    const cases: [string, new (...args: never[]) => Error][] = [
      ["", MissingTokenError],
      ["not-a-jwt", TokenError],
      [testJwt({ sub: "u", exp: 1 }), TokenExpiredError],
    ];
    for (const [accessToken, cls] of cases) {
      const { client, calls } = setup([ok({})], {}, new Configuration({ accessToken }));
      await assert.rejects(client.request(get), cls);
      assert.equal(calls.length, 0);
    }
  });

  it("uses the configuration's current token; configuration is read-only", async () => {
    const { client, calls } = setup([status(204)]);
    const fresh = testJwt({ sub: "u2" });
    client.configuration.accessToken = fresh;
    await client.request({ method: "DELETE", path: "/x" });
    assert.equal(calls[0]![1].headers.Authorization, `Bearer ${fresh}`);
    assert.throws(() => ((client as unknown as { configuration: unknown }).configuration = null), TypeError);
  });
});

describe("answers", () => {
  it("strict mode rejects unknown keys that passthrough mode keeps", async () => {
    const answer = ok({ id: "o1", title: "T", addedLater: true });
    assert.deepEqual(await setup([answer]).client.request(get), { id: "o1", title: "T", addedLater: true });
    await assert.rejects(setup([answer], { strict: true }).client.request(get), (error: unknown) => {
      assert.ok(error instanceof ResponseValidationError && !(error instanceof ApiError));
      assert.match(error.message, /Unrecognized key/);
      return true;
    });
  });

  it("a wrong shape, invalid JSON or an empty body is a ResponseValidationError with endpoint, issues, body, request id", async () => {
    const wrong = setup([ok({ id: 5 }, { "x-request-id": "rid-1" })]);
    await assert.rejects(wrong.client.request(get), (error: unknown) => {
      assert.ok(error instanceof ResponseValidationError);
      assert.equal(error.method, "GET");
      assert.equal(error.path, "/datastore/organizations/o1");
      assert.deepEqual(
        error.issues.map((issue) => issue.path.join(".")),
        ["id", "title"],
      );
      assert.equal(error.body, '{"id":5}');
      assert.equal(error.requestId, "rid-1");
      return true;
    });
    await assert.rejects(setup([{ status: 200, body: "<html>" }]).client.request(get), /not valid JSON/);
    await assert.rejects(setup([status(200)]).client.request(get), /expected a JSON body, got an empty answer/);
  });

  it("captures the request id from x-request-id or x-amzn-requestid", async () => {
    const body = JSON.stringify({ errors: [{ error: { type: "resourceNotFound", code: 404 }, message: "Nope." }] });
    for (const header of ["x-request-id", "x-amzn-requestid"]) {
      const { client } = setup([{ status: 404, body, headers: { [header]: "abc-123" } }]);
      await assert.rejects(client.request(get), (error: unknown) => {
        assert.ok(error instanceof NotFoundError);
        assert.deepEqual(error.toJSON(), {
          name: "NotFoundError",
          status: 404,
          message: "Nope.",
          requestId: "abc-123",
        });
        assert.equal(error.errorType, "resourceNotFound");
        return true;
      });
    }
  });
});
