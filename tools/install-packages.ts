// `node dist/tools/install-packages.js <purpose>…`: installs the system packages those purposes lack (apt-get, as
// root), e.g. before the tests; elsewhere it prints the install commands and exits 1 (`--warn` exits 0).
import { parseCommandLine, runCommand, UsageError } from "./command-line.js";
import { ensureSystemPackages, PURPOSES, type Purpose } from "./system-packages.js";

const USAGE = `usage: install-packages [--warn] <purpose>…  (purposes: ${Object.keys(PURPOSES).join(", ")})`;

await runCommand("install-packages", USAGE, async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    options: { warn: { type: "boolean" } },
    allowPositionals: true,
  });
  const unknown = positionals.filter((p) => !(p in PURPOSES));
  if (unknown.length) throw new UsageError(`no purpose ${unknown.join(", ")}`);
  if (!positionals.length) throw new UsageError("which purposes?");
  try {
    await ensureSystemPackages(positionals as Purpose[], (line) => console.log(`[packages] ${line}`));
  } catch (error) {
    console.error(`[packages] ${(error as Error).message}`);
    if (values.warn) console.error("[packages] the tests that need them will fail, naming the same commands");
    return values.warn ? 0 : 1;
  }
});
