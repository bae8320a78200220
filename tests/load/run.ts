import { parseCommandLine, runCommand } from "../../tools/command-line.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { describeLoad, runLoad } from "./mix.js";

/** `npm run load [-- --seconds 60 --clients 32 --organizations 4]`: a load run against a fresh sandbox, with its figures. */
await runCommand("load", "usage: npm run load [-- --seconds <s>] [--clients <n>] [--organizations <n>]", async () => {
  const { values } = parseCommandLine(process.argv.slice(2), {
    options: { seconds: { type: "string" }, clients: { type: "string" }, organizations: { type: "string" } },
  });
  const sandbox = await startTestSandbox();
  try {
    console.log(`running ${values.seconds ?? 60} s of load against ${sandbox.url}…`);
    const result = await runLoad(sandbox, {
      durationMs: Number(values.seconds ?? 60) * 1000,
      clients: Number(values.clients ?? 32),
      organizations: Number(values.organizations ?? 4),
    });
    console.log(describeLoad(result));
    for (const error of result.errors.slice(0, 10))
      console.log(`error: ${error.kind} ${error.status} ${error.message}`);
    for (const lost of result.lostUpdates.slice(0, 10)) console.log(`lost update: ${lost}`);
    return result.errors.length || result.lostUpdates.length ? 1 : 0;
  } finally {
    await sandbox.stop();
  }
});
