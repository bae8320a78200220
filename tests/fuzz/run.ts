// npm run fuzz -- [--runs N] [--seed S] [--snapshot-one-in K]: a longer fuzz run than npm test's (tests/fuzz/fuzz.ts).
import { parseCommandLine, runCommand } from "../../tools/command-line.js";
import { fuzz } from "./fuzz.js";

await runCommand("fuzz", "usage: npm run fuzz -- [--runs <n>] [--seed <s>] [--snapshot-one-in <k>]", async () => {
  const { values } = parseCommandLine(process.argv.slice(2), {
    options: {
      runs: { type: "string", default: "20000" },
      seed: { type: "string" },
      "snapshot-one-in": { type: "string", default: "40" },
    },
  });
  const result = await fuzz({
    runs: Number(values.runs),
    seed: values.seed === undefined ? undefined : Number(values.seed),
    snapshotOneIn: Number(values["snapshot-one-in"]),
  });
  console.log(
    `seed ${result.seed}: ${result.runs} requests over ${result.routes} routes in ${result.seconds.toFixed(1)} s (${Math.round(result.runs / result.seconds)}/s), ${result.snapshots} snapshot checks; statuses ${JSON.stringify(result.statuses)}`,
  );
});
