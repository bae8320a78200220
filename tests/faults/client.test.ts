import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, test } from "node:test";
import nodeFetch from "node-fetch";
import { ApiClient, type ApiClientOptions, type FetchLike } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { ConnectionError, RateLimitError, ServerError, TimeoutError } from "../../lib/errors.js";
import { freePort } from "../../sandbox/db/postgres.js";
import { testJwt } from "../helpers/tokens.js";

const token = testJwt({ sub: "u1" });

/** A client on real sockets (node-fetch) counting the attempts it makes. */
function client(host: string, options: ApiClientOptions = {}) {
  let attempts = 0;
  const fetch: FetchLike = (url, init) => (attempts++, nodeFetch(url, init) as unknown as ReturnType<FetchLike>);
  const api = new ApiClient(new Configuration({ host, accessToken: token }), { fetch, retryDelayMs: 100, ...options });
  return { api, attempts: () => attempts };
}

/** A node:http server answering each request with `answer`; `requests` counts what reached it. */
async function server(answer: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  let requests = 0;
  const http = createServer((req, res) => answer(req, res, ++requests));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  servers.push(http);
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, requests: () => requests };
}
const servers: ReturnType<typeof createServer>[] = [];
after(() => {
  for (const http of servers) {
    http.closeAllConnections();
    http.close();
  }
});

const get = { method: "GET", path: "/datastore/organizations" } as const;
const post = { method: "POST", path: "/datastore/organizations", json: { title: "T" } } as const;

/** How long `work` took to settle, in ms. */
async function timed(work: Promise<unknown>): Promise<number> {
  const started = Date.now();
  await work.catch(() => {});
  return Date.now() - started;
}

const errorBody = (code: number) =>
  JSON.stringify({ errors: [{ error: { type: "serviceUnavailable", code }, message: "busy" }] });

describe("client faults on real sockets", () => {
  test("a closed port: a GET is retried twice and fails with a ConnectionError within its budget; a POST is sent once", async () => {
    const host = `http://127.0.0.1:${await freePort()}`;
    const reads = client(host, { totalTimeoutMs: 5000 });
    const took = await timed(
      assert.rejects(
        reads.api.request(get),
        (error: unknown) => error instanceof ConnectionError && /ECONNREFUSED/.test(error.message),
      ),
    );
    assert.equal(reads.attempts(), 3);
    assert.ok(took >= 200 && took < 5000, `two backoffs of at least 100 ms, took ${took} ms`);
    const writes = client(host);
    await assert.rejects(writes.api.request(post), ConnectionError);
    assert.equal(writes.attempts(), 1);
  });

  test("a server that stalls: each attempt times out, a GET is retried, all within the overall budget", async () => {
    const stall = await server(() => {}); // never answers
    const reads = client(stall.url, { timeoutMs: 300, totalTimeoutMs: 10_000 });
    const took = await timed(
      assert.rejects(
        reads.api.request(get),
        (error: unknown) => error instanceof TimeoutError && error.kind === "attempt" && error.ms === 300,
      ),
    );
    assert.equal(stall.requests(), 3);
    assert.ok(took >= 900 && took < 3000, `three 300 ms attempts and two short backoffs, took ${took} ms`);

    const bounded = client(stall.url, { timeoutMs: 5000, totalTimeoutMs: 400 });
    const overall = await timed(
      assert.rejects(
        bounded.api.request(get),
        (error: unknown) => error instanceof TimeoutError && error.kind === "total",
      ),
    );
    assert.ok(overall >= 400 && overall < 1500, `the 400 ms budget, took ${overall} ms`);

    const writes = client(stall.url, { timeoutMs: 300 });
    await assert.rejects(writes.api.request(post), TimeoutError);
    assert.equal(writes.attempts(), 1);
  });

  test("a server that sends headers and then stalls the body times out the same way", async () => {
    const slow = await server((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).write("["));
    const reads = client(slow.url, { timeoutMs: 300, maxRetries: 1 });
    const took = await timed(assert.rejects(reads.api.request(get), TimeoutError));
    assert.equal(slow.requests(), 2);
    assert.ok(took >= 600 && took < 2500, `two 300 ms attempts, took ${took} ms`);
  });

  test("503 and 429 with Retry-After: a GET waits as told and succeeds; a POST is not retried", async () => {
    const flaky = await server((_req, res, n) => {
      if (n === 1) return res.writeHead(503, { "Retry-After": "1" }).end(errorBody(503));
      if (n === 2) return res.writeHead(429, { "Retry-After": "0.5" }).end(errorBody(429));
      res.writeHead(200, { "Content-Type": "application/json" }).end("[]");
    });
    const reads = client(flaky.url);
    const took = await timed(
      reads.api.request({ ...get, responseType: "json" }).then((answer) => assert.deepEqual(answer, [])),
    );
    assert.equal(flaky.requests(), 3);
    assert.ok(took >= 1500 && took < 3000, `waited 1 s and 0.5 s as told, took ${took} ms`);

    const busy = await server((_req, res) => res.writeHead(503, { "Retry-After": "1" }).end(errorBody(503)));
    const writes = client(busy.url);
    await assert.rejects(
      writes.api.request(post),
      (error: unknown) => error instanceof ServerError && error.status === 503,
    );
    const limited = await server((_req, res) => res.writeHead(429, { "Retry-After": "1" }).end(errorBody(429)));
    await assert.rejects(client(limited.url).api.request(post), RateLimitError);
    assert.equal(busy.requests() + limited.requests(), 2);
  });

  test("a lasting 503: two retries after Retry-After, then the ServerError; a wait past the budget is not made", async () => {
    const down = await server((_req, res) => res.writeHead(503, { "Retry-After": "1" }).end(errorBody(503)));
    const reads = client(down.url);
    const took = await timed(assert.rejects(reads.api.request(get), ServerError));
    assert.equal(down.requests(), 3);
    assert.ok(took >= 2000 && took < 3500, `two waits of 1 s, took ${took} ms`);

    const later = await server((_req, res) => res.writeHead(503, { "Retry-After": "5" }).end(errorBody(503)));
    const budget = client(later.url, { totalTimeoutMs: 2000 });
    const quick = await timed(assert.rejects(budget.api.request(get), ServerError));
    assert.equal(later.requests(), 1);
    assert.ok(quick < 1000, `no 5 s wait within a 2 s budget, took ${quick} ms`);
  });
});
