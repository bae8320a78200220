// `npm run lint`'s configuration: ESLint finds an unused import and a promise nobody awaits (with the project's
// own types), and Prettier lays out the TypeScript but leaves the notebooks, JSON and docs as they are written.
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ESLint } from "eslint";
import { getFileInfo } from "prettier";
import { repoRoot } from "../helpers/paths.js";

const PROBE = `import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it, test } from "node:test";
import { startSandbox } from "../../sandbox/app.js";

test("a test", async () => {
  writeFile("out.txt", "text");
});
describe("a suite", () => {
  it("a case", async () => {
    await startSandbox({ port: 0, dataDir: "data" }).then((sandbox) => sandbox.close());
    startSandbox({ port: 0, dataDir: "data" });
  });
});
`;

test("ESLint reports the unused import and the two promises nobody awaits, and nothing else", async () => {
  // A file of the project (inside tsconfig.json's folders) for its types; it exists only while it is linted.
  const file = join(repoRoot, "tests", "tools", `lint-probe-${process.pid}.ts`);
  writeFileSync(file, PROBE);
  try {
    const [result] = await new ESLint({ cwd: repoRoot }).lintFiles([file]);
    const found = result!.messages.map((m) => `${m.line} ${m.ruleId}`);
    assert.deepEqual(found, [
      "2 @typescript-eslint/no-unused-vars",
      "7 @typescript-eslint/no-floating-promises",
      "12 @typescript-eslint/no-floating-promises",
    ]);
  } finally {
    rmSync(file);
  }
});

test("Prettier lays out TypeScript and JavaScript only, outside what .gitignore names", async () => {
  const ignorePath = [join(repoRoot, ".gitignore"), join(repoRoot, ".prettierignore")];
  const ignored = async (path: string) => (await getFileInfo(join(repoRoot, path), { ignorePath })).ignored;
  for (const path of ["lib/client.ts", "tests/tools/lint.test.ts", "eslint.config.js"]) {
    assert.equal(await ignored(path), false, path);
  }
  for (const path of [
    "notebooks/01-organizations.ipynb",
    "tests/fixtures/notebooks/params.ipynb",
    "package.json",
    "tsconfig.json",
    "README.md",
    "patches/tslab+1.0.22.patch",
    "dist/lib/client.js",
    "test-output/report.ts",
  ]) {
    assert.equal(await ignored(path), true, path);
  }
});
