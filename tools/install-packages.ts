// `node dist/tools/install-packages.js <purpose>…`: installs the system packages those purposes lack (apt-get, as
// root), e.g. before the tests; elsewhere it prints the install commands and exits 1 (`--warn` exits 0).
import { parseArgs } from "node:util";
import { ensureSystemPackages, PURPOSES, type Purpose } from "./system-packages.js";

const { values, positionals } = parseArgs({ options: { warn: { type: "boolean" } }, allowPositionals: true, strict: true });
const unknown = positionals.filter((p) => !(p in PURPOSES));
if (!positionals.length || unknown.length) {
  console.error(`usage: install-packages [--warn] <purpose>…  (purposes: ${Object.keys(PURPOSES).join(", ")})`);
  process.exit(2);
}
try {
  await ensureSystemPackages(positionals as Purpose[], (line) => console.log(`[packages] ${line}`));
} catch (error) {
  console.error(`[packages] ${(error as Error).message}`);
  if (values.warn) console.error("[packages] the tests that need them will fail, naming the same commands");
  process.exit(values.warn ? 0 : 1);
}
