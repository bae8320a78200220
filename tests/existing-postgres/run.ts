// npm run test:existing-postgres: the sandbox's integration tests, the notebook-runner tests and the existing-server
// tests run a second time, on a throwaway cluster of the system's PostgreSQL (Debian's) instead of the embedded one.
// Exits with the tests' exit code.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { repoRoot } from "../helpers/paths.js";
import { runTestFiles } from "../helpers/test-files.js";
import { ensurePostgresPackages, startCluster } from "./cluster.js";

const tests = join(repoRoot, "dist/tests");
const inFolder = (folder: string) =>
  readdirSync(join(tests, folder))
    .filter((name) => name.endsWith(".test.js"))
    .map((name) => join(tests, folder, name));
const FILES = [
  ...inFolder("integration"),
  join(tests, "notebooks/notebooks.test.js"),
  join(tests, "notebooks/bulk-notebook.test.js"),
  join(tests, "notebooks/org-as-code-notebook.test.js"),
  ...inFolder("existing-postgres"),
];

await ensurePostgresPackages();
const cluster = await startCluster();
const client = new pg.Client(cluster.url);
await client.connect();
const { rows } = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
await client.end();
console.log(
  `PostgreSQL ${rows[0]!.version} on 127.0.0.1:${cluster.port} (throwaway cluster); ${FILES.length} test files`,
);

const code = await runTestFiles(FILES, { ...process.env, SANDBOX_TEST_DATABASE_URL: cluster.url });
await cluster.stop();
process.exit(code);
