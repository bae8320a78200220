import assert from "node:assert/strict";
import fc from "fast-check";
import { ROUTES } from "../../sandbox/server.js";
import { takeSnapshot } from "../helpers/db-snapshot.js";
import { type Fixture, fillFixture, makeFixture } from "../helpers/fixture.js";
import { errorOf, type RawAnswer, sendRaw } from "../helpers/raw-http.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { AUTH_SHAPES, type FuzzRequest, fuzzRequests } from "./requests.js";

// The properties every fuzzed request must hold on a sandbox started as the tests start it (one request in 10 is
// sent twice at once): an answer (the sandbox stays up) with a status it documents and a request id; JSON that
// parses; every 4xx and 5xx in the error-body shape; a path no route declares a 404; a 500 only where the sandbox
// answers one on purpose (the real server's, docs/sandbox.md), never its catch-all for an unexpected error; and a
// refused request (4xx or 5xx) that is not a GET changes nothing in PostgreSQL (checked on a sample: a snapshot
// is slow).

const STATUSES = new Set([200, 400, 401, 404, 405, 413, 415, 431, 500]);
/** The catch-all's type; it is answered on purpose only with these messages (the real server's). */
const DELIBERATE_OTHER_ERRORS = ["BadRequestException: Invalid action specified: REQUEST"];

export interface FuzzOptions {
  runs: number;
  /** fast-check's seed; a fresh one when absent. */
  seed?: number;
  /** One refused request in this many compares both databases before and after. */
  snapshotOneIn: number;
}

export interface FuzzResult {
  seed: number;
  runs: number;
  routes: number;
  seconds: number;
  statuses: Record<number, number>;
  snapshots: number;
  /** Fixture organizations made again after a fuzzed request deleted one. */
  fixtures: number;
}

/** Sends `runs` fuzzed requests to a fresh sandbox; throws fast-check's report (seed, shrunk request) on a failure. */
export async function fuzz(options: FuzzOptions): Promise<FuzzResult> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const sandbox = await startTestSandbox({ SANDBOX_REFRESH_CHECK_MS: "2000000000" }); // no scheduled refresh between snapshots
  try {
    let fx = await makeFixture(sandbox, "Fuzzed0");
    const result: FuzzResult = {
      seed,
      runs: options.runs,
      routes: ROUTES.length,
      seconds: 0,
      statuses: {},
      snapshots: 0,
      fixtures: 0,
    };
    const started = performance.now();
    const property = fc.asyncProperty(fuzzRequests(ROUTES, options.snapshotOneIn), async (request) => {
      const compare = request.snapshot && request.method !== "GET";
      const before = compare ? await takeSnapshot(sandbox.superuser) : undefined;
      const answers = await Promise.all(
        Array.from({ length: request.twiceAtOnce ? 2 : 1 }, () => send(sandbox, fx, request)),
      );
      for (const answer of answers) {
        result.statuses[answer.status] = (result.statuses[answer.status] ?? 0) + 1;
        checkAnswer(answer);
        if (request.unrouted)
          assert.equal(answer.status, 404, `${request.unrouted}: no route matches, yet ${answer.status}`);
      }
      // the fixture's organization deleted: a new one, so the requests after keep reaching past the existence checks
      if (
        answers.some((a) => a.status === 200) &&
        request.method === "DELETE" &&
        /^\/datastore\/organizations\/\{\^?org\}\/?$/.test(request.path)
      ) {
        fx = await makeFixture(sandbox, `Fuzzed${++result.fixtures}`);
      }
      if (before && answers.every((a) => a.status >= 400)) {
        result.snapshots++;
        assert.deepEqual(
          await takeSnapshot(sandbox.superuser),
          before,
          `refused with ${answers.map((a) => a.status).join(" and ")}, yet the databases changed`,
        );
      }
    });
    try {
      await fc.assert(property, { numRuns: options.runs, seed, includeErrorInReport: true });
    } catch (error) {
      throw new Error(`${(error as Error).message}\nReplay: npm run fuzz -- --runs ${options.runs} --seed ${seed}`, {
        cause: error,
      });
    }
    result.seconds = (performance.now() - started) / 1000;
    const health = await send(sandbox, fx, {
      route: "",
      method: "GET",
      path: "/datastore/organizations/metadata",
      auth: { as: "owner", shape: "Bearer T" },
      snapshot: false,
      twiceAtOnce: false,
    });
    assert.equal(health.status, 200, "the sandbox still answers");
    return result;
  } finally {
    await sandbox.stop();
  }
}

function send(sandbox: TestSandbox, fx: Fixture, request: FuzzRequest): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  const { auth } = request;
  if (auth.as === "garbage") headers.Authorization = auth.header;
  else if (auth.as !== "none") headers.Authorization = AUTH_SHAPES[auth.shape](sandbox.token(auth.as));
  if (request.contentType !== undefined) headers["Content-Type"] = request.contentType;
  const body = request.body === undefined ? undefined : Buffer.from(fillFixture(fx, request.body));
  return sendRaw(sandbox.url, { method: request.method, path: fillFixture(fx, request.path), headers, body }).catch(
    (error: Error) => {
      throw new Error(`no answer (is the sandbox down?): ${error.message}`);
    },
  );
}

/** Throws when an answer breaks a property of every answer (the snapshot check is the caller's). */
export function checkAnswer(answer: RawAnswer) {
  const excerpt = answer.text.slice(0, 300);
  assert.ok(STATUSES.has(answer.status), `status ${answer.status}: ${excerpt}`);
  assert.ok(answer.headers["x-request-id"], "X-Request-Id");
  if (answer.status < 400) {
    if (String(answer.headers["content-type"]).startsWith("application/json")) JSON.parse(answer.text);
    return;
  }
  const { error, message } = errorOf(answer);
  assert.equal(
    error.code,
    answer.status === 401 && error.type === "forbidden" ? 403 : answer.status,
    `code of ${excerpt}`,
  );
  const crashed = answer.status === 500 && error.type === "otherError" && !DELIBERATE_OTHER_ERRORS.includes(message);
  assert.ok(!crashed, `an unexpected error: ${excerpt}`);
}
