import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { RawAnswer } from "../helpers/raw-http.js";
import { ROUTES } from "../../sandbox/server.js";
import { checkAnswer, fuzz } from "./fuzz.js";
import { VALID_BODIES } from "./valid-bodies.js";

const answer = (status: number, body: unknown, contentType = "application/json"): RawAnswer => ({
  status,
  headers: { "content-type": contentType, "x-request-id": "r" },
  text: typeof body === "string" ? body : JSON.stringify(body),
});
const error = (status: number, type: string, code: number, message: string) =>
  answer(status, { errors: [{ error: { type, code }, message }] });

describe("the fuzzer", () => {
  test("its checks refuse a crash, a 5xx out of shape, an unknown status, and pass the deliberate answers", () => {
    assert.throws(
      () => checkAnswer(error(500, "otherError", 500, "TypeError: Cannot read properties of undefined")),
      /an unexpected error/,
    );
    assert.throws(() => checkAnswer(answer(500, "Internal Server Error", "text/plain")));
    assert.throws(() => checkAnswer(answer(502, { errors: [] })));
    assert.throws(() => checkAnswer(error(400, "illegalArgument", 500, "x")), /code/);
    checkAnswer(error(500, "illegalState", 500, "Organization [x] does not exist."));
    checkAnswer(error(500, "otherError", 500, "BadRequestException: Invalid action specified: REQUEST"));
    checkAnswer(error(401, "forbidden", 403, "Object [x] is not accessible."));
    assert.throws(() => checkAnswer(answer(200, "{")), SyntaxError);
    checkAnswer(answer(200, ["an id"]));
  });

  test("each valid body belongs to a route of the table, and is what its content type says", () => {
    const routes = new Set(ROUTES.map((route) => `${route.method} ${route.path}`));
    for (const [route, { contentType, body }] of Object.entries(VALID_BODIES)) {
      assert.ok(routes.has(route), `${route} is not in the route table`);
      if (contentType === "application/json") JSON.parse(body);
    }
  });

  // A fresh seed each run (printed with a failure, to replay with `npm run fuzz -- --runs 3000 --seed S`).
  test("3,000 requests over every route: documented statuses in the error-body shape, no crash, refused requests change nothing", async (t) => {
    const result = await fuzz({ runs: 3000, snapshotOneIn: 40 });
    t.diagnostic(
      `seed ${result.seed}: ${result.runs} requests over ${result.routes} routes in ${result.seconds.toFixed(1)} s, ${result.snapshots} snapshot checks, fixture made again ${result.fixtures} times; statuses ${JSON.stringify(result.statuses)}`,
    );
    assert.ok(
      result.statuses[200]! > 0 && result.statuses[400]! > 0 && result.statuses[401]! > 0,
      "requests reach past every check",
    );
  });
});
