// ESLint checks the TypeScript; Prettier lays it out (`npm run lint` runs both). tsc (strict, noUnusedLocals)
// already checks the types, so beside the two recommended rule sets this turns on only the type-aware promise
// rules: a promise nobody awaits hides its failure.
import js from "@eslint/js";
import { defineConfig, includeIgnoreFile } from "eslint/config";
import { join } from "node:path";
import tseslint from "typescript-eslint";

export default defineConfig(
  includeIgnoreFile(join(import.meta.dirname, ".gitignore")),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        // node:test's test() and describe() return promises that the runner awaits itself (a subtest's t.test()
        // is let through with them, by its name: await it).
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["test", "describe", "it", "suite"] },
          ],
        },
      ],
      "@typescript-eslint/no-misused-promises": "error",
      // A system requirement's check may answer at once or later (tools/system-packages.ts), then Promise.all waits.
      "@typescript-eslint/await-thenable": ["error", { allowMixedPromiseArrays: true }],
      // `const { secret: _, ...rest } = value` leaves a key out on purpose.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
);
