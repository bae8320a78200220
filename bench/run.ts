import { accessMapBenchmark } from "./access-map.js";
import { assemblyBenchmark } from "./assembly.js";
import { bulkAtLatencyBenchmark, bulkMembershipBenchmark } from "./bulk-membership.js";
import { clientBenchmark } from "./client.js";
import { orgAsCodeAtLatencyBenchmark, orgAsCodeBenchmark } from "./org-as-code.js";
import { serverBenchmark } from "./server.js";
import { tslabBenchmark } from "./tslab.js";
import { tslabConverterBenchmark } from "./tslab-converter.js";
import { tutorialBenchmark } from "./tutorial.js";
import { printTable, type Row } from "./stats.js";
import { parseCommandLine, runCommand } from "../tools/command-line.js";

/**
 * `npm run bench`: every benchmark, printed as one table of ratios measured side by side in this run;
 * `npm run bench -- <name>…` runs those whose name contains one of the names.
 */
const BENCHMARKS = [
  ["access map", accessMapBenchmark],
  ["assembly", assemblyBenchmark],
  ["bulk membership", bulkMembershipBenchmark],
  ["bulk membership at 50 ms latency", bulkAtLatencyBenchmark],
  ["client", clientBenchmark],
  ["organizations as code", orgAsCodeBenchmark],
  ["organizations as code at 50 ms latency", orgAsCodeAtLatencyBenchmark],
  ["server", serverBenchmark],
  ["tslab", tslabBenchmark],
  ["tslab converter", tslabConverterBenchmark],
  ["tutorial", tutorialBenchmark],
] as const;

await runCommand("bench", "usage: npm run bench [-- <name>…]", async () => {
  const only = parseCommandLine(process.argv.slice(2), { allowPositionals: true }).positionals;
  const rows: Row[] = [];
  for (const [name, benchmark] of BENCHMARKS) {
    if (only.length && !only.some((part) => name.includes(part))) continue;
    console.log(`running ${name}…`);
    rows.push(...(await benchmark()));
  }
  printTable(rows);
});
