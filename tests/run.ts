// `npm test`: every test file under dist/tests/, or under the folders named, one file at a time with node's
// test runner. The files are listed here because Node 22 and later read `node --test <folder>` as one file.
// Usage: node dist/tests/run.js [folder…] [--except folder,…]
import { readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCommandLine, runCommand, UsageError } from "../tools/command-line.js";
import { runTestFiles } from "./helpers/test-files.js";

const testsDir = dirname(fileURLToPath(import.meta.url));

await runCommand("tests", "usage: node dist/tests/run.js [folder…] [--except folder,…]", async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    options: { except: { type: "string" } },
    allowPositionals: true,
  });
  const folders = readdirSync(testsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const unknown = [...positionals, ...(values.except?.split(",") ?? [])].filter((f) => !folders.includes(f));
  if (unknown.length) throw new UsageError(`no test folder ${unknown.join(", ")}; there are: ${folders.join(", ")}`);
  const except = new Set(values.except?.split(","));
  const chosen = (positionals.length ? positionals : folders).filter((f) => !except.has(f));

  const files = chosen
    .flatMap((folder) =>
      readdirSync(join(testsDir, folder), { recursive: true, encoding: "utf8" }).map((f) => join(testsDir, folder, f)),
    )
    .filter((file) => file.endsWith(".test.js"))
    .sort();
  console.log(
    `# ${files.length} test files in ${chosen.map((f) => relative(process.cwd(), join(testsDir, f))).join(", ")}`,
  );
  process.exit(await runTestFiles(files));
});
