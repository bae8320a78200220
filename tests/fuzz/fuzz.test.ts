import { test } from "node:test";
import { fuzz } from "./fuzz.js";

// A bounded fuzz run with a fresh seed each time (printed with the failure, to replay with `npm run fuzz`).
test("3,000 fuzzed requests over every route: documented statuses, the error-body shape, no crash, refused requests change nothing", async (t) => {
  const result = await fuzz({ runs: 3000, snapshotOneIn: 40 });
  t.diagnostic(`seed ${result.seed}: ${result.runs} requests over ${result.routes} routes in ${result.seconds.toFixed(1)} s, ${result.snapshots} snapshot checks; statuses ${JSON.stringify(result.statuses)}`);
});
