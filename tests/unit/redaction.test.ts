import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, it } from "node:test";
import { z } from "zod";
import { ApiClient, type ApiClientOptions, type FetchLike } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { toView } from "../../lib/display/show.js";
import { toText } from "../../lib/display/text.js";
import { OpenLatticeError } from "../../lib/errors.js";
import { maskedJson, REDACTED, redact, redactJsonText } from "../../lib/redaction.js";
import { fakeFetch } from "../helpers/fake-client.js";
import { testJwt } from "../helpers/tokens.js";

const SIGNATURE = "c2VjcmV0LXNpZ25hdHVyZS1kby1ub3QtbGVhaw";
const jwtWith = (payload: object) => testJwt(payload, { alg: "HS256" }, SIGNATURE);
const token = jwtWith({ sub: "auth0|leak-test", email: "u@x.org", exp: 4102444800 });

/** Every way a notebook could show a value. */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: Infinity, showHidden: true }), inspect(value), JSON.stringify(value) ?? ""];
  if (value instanceof Error)
    out.push(String(value), value.message, value.stack ?? "", JSON.stringify((value as OpenLatticeError).toJSON?.()));
  return out;
}

function assertNoToken(value: unknown, secret = token): void {
  for (const text of renderings(value)) {
    assert.ok(!text.includes(secret), `token leaked in: ${text.slice(0, 300)}`);
    assert.ok(!text.includes(SIGNATURE), `signature leaked in: ${text.slice(0, 300)}`);
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected a rejection");
}

function clientWith(fetch: FetchLike, options: ApiClientOptions = {}, accessToken = token) {
  const configuration = new Configuration({ host: "http://ol.test", accessToken });
  return new ApiClient(configuration, { fetch, maxRetries: 0, sleep: async () => {}, ...options });
}

const answer = (status: number, body: string): FetchLike => fakeFetch({ status, body }).fetch;

describe("the token never shows", () => {
  it("in the configuration and the client (inspect, JSON)", () => {
    const configuration = new Configuration({ accessToken: token });
    assertNoToken(configuration);
    assert.match(JSON.stringify(configuration), /"accessToken":"\[redacted\]"/);
    assert.match(inspect(configuration), /auth0\|leak-test/);
    assert.deepEqual(Object.keys(configuration), []);
    assertNoToken(new ApiClient(configuration, { fetch: answer(200, "") }));
  });

  it("when fetch rejects with an error carrying the request headers", async () => {
    const fetch: FetchLike = async (url, init) => {
      const cause = new Error(`socket closed; sent ${token}`);
      const error = new Error(`request to ${url} failed, headers: ${JSON.stringify(init.headers)}`, { cause });
      throw Object.assign(error, { headers: init.headers, code: "ECONNRESET" });
    };
    const error = await failure(clientWith(fetch).request({ method: "GET", path: "/x" }));
    assert.equal((error as Error).name, "ConnectionError");
    assert.match((error as Error).message, /Bearer \[redacted\]/);
    assertNoToken(error);
  });

  it("when fetch rejects with a non-Error value", async () => {
    const error = await failure(
      clientWith(async () => Promise.reject(`Authorization: Bearer ${token}`)).request({ method: "GET", path: "/x" }),
    );
    assertNoToken(error);
  });

  it("in API errors whose body echoes the token", async () => {
    const echo = (status: number) =>
      answer(
        status,
        JSON.stringify({
          errors: [{ error: { type: "otherError", code: status }, message: `bad token ${token}` }],
          token,
        }),
      );
    for (const status of [400, 401, 404, 409, 429, 500, 503])
      assertNoToken(await failure(clientWith(echo(status)).request({ method: "GET", path: "/x" })));
    assertNoToken(await failure(clientWith(answer(401, `Bearer ${token}`)).request({ method: "GET", path: "/x" })));
  });

  it("in validation errors whose body contains the token", async () => {
    const error = await failure(
      clientWith(answer(200, JSON.stringify({ echoed: token }))).request({
        method: "GET",
        path: "/x",
        schema: z.object({ id: z.string() }),
      }),
    );
    assert.equal((error as Error).name, "ResponseValidationError");
    assertNoToken(error);
  });

  it("in timeout errors", async () => {
    const hang: FetchLike = (_url, init) =>
      new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(new Error(`aborted ${token}`))));
    assertNoToken(await failure(clientWith(hang, { timeoutMs: 10 }).request({ method: "GET", path: "/x" })));
  });

  it("in token errors (expired or malformed)", async () => {
    const expired = jwtWith({ sub: "u", exp: 1 });
    assertNoToken(
      await failure(clientWith(answer(200, ""), {}, expired).request({ method: "GET", path: "/x" })),
      expired,
    );
    const malformed = testJwt("{not json", { alg: "HS256" }, SIGNATURE);
    const configuration = new Configuration({ accessToken: malformed });
    assertNoToken(await failure(new ApiClient(configuration).request({ method: "GET", path: "/x" })), malformed);
    assertNoToken(configuration, malformed);
  });
});

describe("one redaction module, one marker", () => {
  it("redact blanks given secrets, bearer credentials, JWTs and a URL's password, and nothing else (not a placeholder)", () => {
    const text = `key s3cr3t, Bearer abc.def, ${token}, postgres://ol-internal:pa55@127.0.0.1:5432/db, http://host:8080/users/a@x.org, postgres://<user>:<password>@<host>`;
    assert.equal(
      redact(text, ["s3cr3t", ""]),
      "key [redacted], Bearer [redacted], [redacted], postgres://ol-internal:[redacted]@127.0.0.1:5432/db, http://host:8080/users/a@x.org, postgres://<user>:<password>@<host>",
    );
  });

  it("redactJsonText blanks secret-named fields of JSON text, also cut short, and keeps the others", () => {
    assert.equal(
      redactJsonText('{"username":"u","credential":"p\\"w","nested":{"apiKey":12},"password":"cut sh'),
      '{"username":"u","credential":"[redacted]","nested":{"apiKey":"[redacted]"},"password":"[redacted]"',
    );
  });

  it("the library's copies, JSON, the display and the configuration all show the same marker", () => {
    const account = { username: "u", credential: "pw", nested: [{ accessToken: "t" }] };
    const masked = { username: "u", credential: REDACTED, nested: [{ accessToken: REDACTED }] };
    assert.equal(REDACTED, "[redacted]");
    assert.equal(maskedJson(account), JSON.stringify(masked));
    assert.match(toText(toView(account)), /credential: \[redacted\]/);
    assert.match(JSON.stringify(new Configuration({ accessToken: token })), /"accessToken":"\[redacted\]"/);
  });
});
