// The sandbox on a PostgreSQL server the user already runs: what start-up refuses (each with what to do), the one
// sandbox per server rule, and --drop-all. On SANDBOX_TEST_DATABASE_URL when set (npm run test:existing-postgres),
// else on a throwaway cluster of Debian's PostgreSQL.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { OLDEST_SUPPORTED, versionProblem } from "../../sandbox/db/existing-server.js";
import { freePort } from "../../sandbox/db/postgres.js";
import { INTERNAL_ROLE_PREFIX, isRoleGroup, USER_LOGIN } from "../../sandbox/naming.js";
import { repoRoot } from "../helpers/paths.js";
import { startTestSandbox, TEST_DATABASE_URL } from "../helpers/sandbox.js";
import { debianPostgresBin } from "../../tools/system-packages.js";
import { ensurePostgresPackages, startCluster, withoutExtension, type Cluster } from "./cluster.js";

let url: string;
let own: Cluster | undefined;
before(async () => {
  url = TEST_DATABASE_URL ?? "";
  if (!url) {
    await ensurePostgresPackages();
    own = await startCluster();
    url = own.url;
  }
});
after(() => own?.stop());

/** Runs the sandbox's command with `args` and a fresh data folder until it exits; its exit code and output. */
async function sandboxCommand(args: string[]): Promise<{ code: number | null; output: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "ol-sandbox-"));
  const child = spawn(
    process.execPath,
    [join(repoRoot, "dist/sandbox/main.js"), "--port", "0", "--data-dir", dataDir, ...args],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, SANDBOX_DATABASE_URL: "" },
    },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGINT"), 60_000); // a sandbox that started instead of failing
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  rmSync(dataDir, { recursive: true, force: true });
  return { code, output };
}

/** The URL with another user, password or port. */
function changed(base: string, change: { user?: string; password?: string; port?: number }): string {
  const u = new URL(base);
  if (change.user !== undefined) u.username = change.user;
  if (change.password !== undefined) u.password = change.password;
  if (change.port !== undefined) u.port = String(change.port);
  return u.href;
}

async function superuser<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const databaseCount = () =>
  superuser(async (c) => Number((await c.query("SELECT count(*) AS n FROM pg_database")).rows[0].n));

describe("start-up refuses a server it cannot work on, saying what to do", () => {
  test("an unreachable server: its host and port, and where the URL comes from", async () => {
    const port = await freePort();
    const { code, output } = await sandboxCommand(["--database-url", changed(url, { port })]);
    assert.equal(code, 1);
    assert.match(
      output,
      new RegExp(
        `sandbox: cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\); is the server running and listening there\\? .*--database-url or SANDBOX_DATABASE_URL`,
      ),
    );
  });

  test("a wrong password: the user refused, and the password itself never printed", async () => {
    const wrong = "not-the-Password-42";
    const { code, output } = await sandboxCommand(["--database-url", changed(url, { password: wrong })]);
    assert.equal(code, 1);
    assert.match(
      output,
      /sandbox: PostgreSQL at 127\.0\.0\.1:\d+ refused user "postgres": password authentication failed for user "postgres"; check the user and password/,
    );
    assert.ok(!output.includes(wrong), "the password in the output");
  });

  test("a URL that cannot be read, or of another database, is refused without repeating it", async () => {
    for (const [bad, reason] of [
      ["user secret-pw at db.internal", /Invalid URL/],
      ["mysql://root:secret-pw@127.0.0.1/x", /must start with postgres:\/\/, got mysql:/],
    ] as const) {
      const { code, output } = await sandboxCommand(["--database-url", bad]);
      assert.equal(code, 1);
      assert.match(
        output,
        /sandbox: the database URL \(--database-url or SANDBOX_DATABASE_URL\) cannot be read \(.*\); expected postgres:\/\/<user>:<password>@<host>:<port>\/<database>/,
      );
      assert.match(output, reason);
      assert.ok(!output.includes("secret-pw"), "the password in the output");
    }
  });

  test("a user who is not a superuser: the right needed and the statement that grants it; nothing is created", async () => {
    const password = "Create-but-not-super-1";
    await superuser((c) => c.query(`CREATE ROLE ol_not_super LOGIN CREATEDB CREATEROLE PASSWORD '${password}'`));
    try {
      const before = await databaseCount();
      const { code, output } = await sandboxCommand([
        "--database-url",
        changed(url, { user: "ol_not_super", password }),
      ]);
      assert.equal(code, 1);
      assert.match(
        output,
        /sandbox: the database URL's user "ol_not_super" is not a superuser on PostgreSQL at 127\.0\.0\.1:\d+; the sandbox needs a superuser/,
      );
      assert.match(output, /ALTER ROLE "ol_not_super" SUPERUSER;/);
      assert.ok(!output.includes(password), "the password in the output");
      assert.equal(await databaseCount(), before);
    } finally {
      await superuser((c) => c.query("DROP ROLE ol_not_super"));
    }
  });

  test(`a server older than PostgreSQL ${OLDEST_SUPPORTED.major} is refused naming both versions; this one passes`, async () => {
    const at = { host: "db.example.org", port: 5432 };
    assert.match(
      versionProblem(120018, "12.18", at)!,
      /^PostgreSQL 12\.18 at db\.example\.org:5432 is older than 13, the oldest the sandbox supports; use a PostgreSQL 13 or newer server/,
    );
    assert.equal(versionProblem(130000, "13.0", at), undefined);
    const { num, version } = await superuser(
      async (c) =>
        (
          await c.query(
            "SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version",
          )
        ).rows[0],
    );
    assert.equal(versionProblem(Number(num), version, at), undefined, `the server under test, ${version}`);
  });

  test("a server without postgres_fdw: the extension and the package that has it", async () => {
    await ensurePostgresPackages();
    const binDir = debianPostgresBin()!;
    const bare = withoutExtension(binDir, "postgres_fdw");
    const cluster = await startCluster({ binDir, postgres: bare.postgres });
    try {
      const available = new pg.Client(cluster.url);
      await available.connect();
      const { rowCount } = await available.query("SELECT 1 FROM pg_available_extensions WHERE name = 'postgres_fdw'");
      await available.end();
      assert.equal(rowCount, 0, "the cluster under test must lack postgres_fdw");
      const { code, output } = await sandboxCommand(["--database-url", cluster.url]);
      assert.equal(code, 1);
      assert.match(
        output,
        /sandbox: the postgres_fdw extension is not installed on PostgreSQL at 127\.0\.0\.1:\d+; .*apt-get install postgresql-contrib/,
      );
    } finally {
      await cluster.stop();
      bare.remove();
    }
  });
});

describe("one sandbox per server", () => {
  test("a second sandbox, and --drop-all, are refused while one runs, naming the one that runs", async () => {
    const first = await startTestSandbox({ SANDBOX_DATABASE_URL: url });
    try {
      const second = await sandboxCommand(["--database-url", url]);
      assert.equal(second.code, 1);
      assert.match(
        second.output,
        /sandbox: another sandbox is using PostgreSQL at 127\.0\.0\.1:\d+ \(openlattice-sandbox \(pid \d+ on [^)]+\), since [^)]+\); one server serves one sandbox/,
      );
      const drop = await sandboxCommand(["--database-url", url, "--drop-all"]);
      assert.equal(drop.code, 1);
      assert.match(drop.output, /another sandbox is using PostgreSQL/);
      assert.ok(await first.as("owner").organizations.getOrganizations(), "the running sandbox still serves");
    } finally {
      await first.stop();
    }
  });
});

describe("--drop-all", () => {
  test("removes the control database, organizations' databases (renamed too), their logins, role groups and users' logins", async () => {
    const sandbox = await startTestSandbox({ SANDBOX_DATABASE_URL: url });
    const owner = sandbox.as("owner");
    const orgId = await owner.organizations.createOrganizationIfNotExists({
      title: "Dropped",
      principal: { type: "ORGANIZATION", id: `Dropped${Date.now()}` },
    });
    await owner.organizations.renameOrganizationDatabase(orgId, "dropped_renamed");
    const login = await owner.principals.getMaterializedViewAccount();
    await sandbox.stop({ keepData: true });
    rmSync(sandbox.dataDir, { recursive: true, force: true });

    const left = () =>
      superuser(async (c) => ({
        databases: (
          await c.query("SELECT datname FROM pg_database WHERE datname ~ '^(openlattice|org_|dropped_renamed)'")
        ).rows.map((r) => r.datname),
        roles: (
          await c.query("SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1) OR rolname ~ $2", [
            INTERNAL_ROLE_PREFIX,
            USER_LOGIN.source,
          ])
        ).rows.map((r) => r.rolname),
      }));
    const before = await left();
    assert.ok(
      before.databases.includes("openlattice") && before.databases.includes("dropped_renamed"),
      `left: ${before.databases}`,
    );
    assert.ok(before.roles.includes(login.username) && before.roles.some(isRoleGroup));

    const { code, output } = await sandboxCommand(["--database-url", url, "--drop-all"]);
    assert.equal(code, 0, output);
    assert.match(
      output,
      new RegExp(
        `dropped ${before.databases.length} databases and ${before.roles.length} roles from PostgreSQL at 127\\.0\\.0\\.1:\\d+`,
      ),
    );
    assert.match(output, /database dropped_renamed/);
    assert.deepEqual(await left(), { databases: [], roles: [] });
    assert.ok(!output.includes(new URL(url).password), "the password in the output");
  });

  test("without a database URL it says where the embedded server's data is instead", async () => {
    const { code, output } = await sandboxCommand(["--drop-all"]);
    assert.equal(code, 1);
    assert.match(
      output,
      /sandbox: --drop-all empties an existing PostgreSQL server given by --database-url or SANDBOX_DATABASE_URL; the embedded server's data is in \S+: stop the sandbox and delete that folder/,
    );
  });
});
