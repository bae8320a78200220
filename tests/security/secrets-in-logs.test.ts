import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { inspect } from "node:util";
import pg from "pg";
import { ApiClient } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { OpenLattice } from "../../lib/connect.js";
import { signToken } from "../../sandbox/auth/jwt.js";
import { mintToken } from "../../sandbox/auth/tokens.js";
import { loadSecrets } from "../../sandbox/secrets.js";
import { SEEDED_USERS, type SeededUserName } from "../../sandbox/seed/users.js";
import { repoRoot } from "../helpers/paths.js";

// A sandbox started with --verbose (a bare flag; --port=0 and --data-dir=… in the = form), a round of calls (many failing), then every log and error is searched
// for each token, each integration and database credential, the signing key and the superuser password.

const dataDir = mkdtempSync(join(tmpdir(), "ol-secrets-"));
let child: ChildProcess;
let log = "";
let url = "";
let pgAt = { host: "", port: 0 };

before(async () => {
  child = spawn(
    process.execPath,
    [join(repoRoot, "dist/sandbox/main.js"), "--port=0", `--data-dir=${dataDir}`, "--verbose"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const started = Date.now();
  while (!/ready on/.test(log)) {
    assert.ok(child.exitCode === null && Date.now() - started < 60_000, `sandbox did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const [, found, host, port] = /ready on (\S+); PostgreSQL on ([\d.]+):(\d+)/.exec(log)!;
  [url, pgAt] = [found!, { host: host!, port: Number(port) }];
});
after(async () => {
  if (child?.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every secret that goes by during the calls, and every error the client threw. */
const secrets = new Set<string>();
const errors: unknown[] = [];
const secret = (value: string) => (secrets.add(value), value);
const keepCredential = <T extends { credential: string }>(answer: T) => (secret(answer.credential), answer);
const failing = (promise: Promise<unknown>) =>
  promise.then(
    () => assert.fail("expected a failure"),
    (error: unknown) => errors.push(error),
  );

test("tokens and credentials never reach the sandbox's log, PostgreSQL's log or client errors", async () => {
  const { jwtSecret, postgresPassword } = loadSecrets(dataDir);
  [jwtSecret, postgresPassword].forEach(secret);
  const token = async (user: SeededUserName) => secret(await mintToken(SEEDED_USERS[user], jwtSecret));
  const as = (accessToken: string, host = url) =>
    new OpenLattice(new ApiClient(new Configuration({ host, accessToken }), { maxRetries: 0 }));
  const expired = secret(await mintToken(SEEDED_USERS.owner, jwtSecret, 1, Date.now() - 3 * 86_400_000));
  const forged = secret(
    await signToken(
      { sub: SEEDED_USERS.admin.user_id, iss: "https://sandbox.openlattice.local/", aud: "openlattice-sandbox" },
      "guess",
    ),
  );
  const stranger = secret(await mintToken({ ...SEEDED_USERS.owner, user_id: "auth0|stranger" }, jwtSecret));

  const owner = as(await token("owner"));
  const name = `Secrets${Date.now()}`;
  const org = await owner.organizations.createOrganizationIfNotExists({
    title: name,
    principal: { type: "ORGANIZATION", id: name },
  });
  const account = keepCredential(await owner.organizations.getOrganizationIntegrationAccount(org));
  keepCredential(await owner.organizations.rollOrganizationIntegrationAccount(org));
  keepCredential(await owner.principals.getMaterializedViewAccount());
  keepCredential(await owner.principals.regenerateCredential());
  await failing(owner.organizations.renameOrganizationDatabase(org, "bad name; --"));
  await failing(owner.organizations.renameOrganizationDatabase(org, "openlattice"));
  await failing(owner.organizations.getOrganization("00000000-0000-4000-8000-000000000000"));
  await failing(owner.organizations.updateTitle(org, "nul\u0000"));
  await failing(as(await token("member")).organizations.getOrganizationIntegrationAccount(org));
  await failing(as(await token("outsider")).organizations.destroyOrganization(org));
  await failing(as(await token("admin")).organizations.rollOrganizationIntegrationAccount(org));
  await failing(as(forged).organizations.getOrganizations());
  await failing(as(stranger).principals.getMaterializedViewAccount());
  await failing(as(expired).organizations.getOrganizations());
  await failing(as(await token("owner"), "http://127.0.0.1:9").organizations.getOrganizations());
  const refused = await fetch(`${url}/datastore/organizations`, { headers: { Authorization: `Bearer ${expired}` } });
  assert.equal(refused.status, 401);
  const wrongPassword = new pg.Client({
    ...pgAt,
    user: account.user,
    password: "wrong-password",
    database: "postgres",
  });
  await failing(wrongPassword.connect());
  await new Promise((resolve) => setTimeout(resolve, 500)); // let both logs catch up

  assert.match(log, /GET \/datastore\/organizations 401/, "the verbose log has the request lines");
  const postgresLog = join(dataDir, "postgres.log");
  const places: [string, string][] = [
    ["sandbox log", log],
    ["postgres.log", existsSync(postgresLog) ? readFileSync(postgresLog, "utf8") : ""],
  ];
  for (const [i, error] of errors.entries()) {
    const e = error as Error;
    places.push([
      `error ${i} (${e.name}: ${e.message})`,
      [e.message, String(e), e.stack, JSON.stringify(e), inspect(e, { depth: 6 })].join("\n"),
    ]);
  }
  assert.ok(errors.length >= 12);
  for (const value of secrets) {
    // a JWT's payload or signature alone gives it away too (its header is the same for every token)
    const parts = value.includes(".")
      ? [
          value,
          ...value
            .split(".")
            .slice(1)
            .filter((p) => p.length > 20),
        ]
      : [value];
    for (const [where, text] of places)
      for (const part of parts) assert.ok(!text.includes(part), `a secret (${part.slice(0, 6)}…) in ${where}`);
  }
});
