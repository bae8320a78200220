import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it, test } from "node:test";
import { inspect } from "node:util";
import { OrganizationsApi } from "../../lib/api/organizations.js";
import { SandboxApi } from "../../lib/api/sandbox.js";
import { loadConfiguration } from "../../lib/config.js";
import { OpenLattice } from "../../lib/connect.js";
import { InputError, OpenLatticeError, PermissionError, ResponseValidationError } from "../../lib/errors.js";
import {
  ATLAS_DATABASE,
  connectToOrganizationDatabase,
  OrganizationDatabaseError,
  resolveOrganizationDatabaseAddress,
} from "../../lib/org-database.js";
import { fakeClient, type FakeOptions } from "../helpers/fake-client.js";
import { TOKEN } from "../helpers/tokens.js";

const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const O = `/datastore/organizations/${ORG}`;
const SECRET = "Zq8vT2mWc4LxR7nB1kJ5hF9dG3sA0";
const SANDBOX = "http://localhost:8080";
const sandboxAnswer = { "/sandbox/postgres": { host: "127.0.0.1", port: 54321 } };

const dir = mkdtempSync(join(tmpdir(), "ol-orgdb-"));
writeFileSync(
  join(dir, ".env"),
  `OPENLATTICE_JWT=${TOKEN}\nOPENLATTICE_DB_HOST=file.db.example.org\nOPENLATTICE_DB_PORT=6001\n`,
);
after(() => rmSync(dir, { recursive: true, force: true }));

describe("OPENLATTICE_DB_HOST / OPENLATTICE_DB_PORT in loadConfiguration", () => {
  it("come from the .env file, the environment before it, explicit options before both", () => {
    const fromFile = loadConfiguration({ cwd: dir, env: {} });
    assert.deepEqual([fromFile.databaseHost, fromFile.databasePort], ["file.db.example.org", 6001]);
    const fromEnv = loadConfiguration({
      cwd: dir,
      env: { OPENLATTICE_DB_HOST: " env.db.example.org ", OPENLATTICE_DB_PORT: "6002" },
    });
    assert.deepEqual([fromEnv.databaseHost, fromEnv.databasePort], ["env.db.example.org", 6002]);
    const explicit = loadConfiguration({
      cwd: dir,
      env: { OPENLATTICE_DB_HOST: "env.db.example.org" },
      databaseHost: "[::1]",
      databasePort: 6003,
    });
    assert.deepEqual([explicit.databaseHost, explicit.databasePort], ["::1", 6003]);
  });

  it("are optional, shown by toJSON when set, and checked naming where the bad value came from", () => {
    const none = loadConfiguration({ envFile: false, env: { OPENLATTICE_JWT: TOKEN } });
    assert.deepEqual([none.databaseHost, none.databasePort], [undefined, undefined]);
    assert.ok(!("databaseHost" in none.toJSON()));
    assert.deepEqual(
      Object.entries(loadConfiguration({ cwd: dir, env: {} }).toJSON()).filter(([key]) => key.startsWith("database")),
      [
        ["databaseHost", "file.db.example.org"],
        ["databasePort", 6001],
      ],
    );
    const refused = (message: RegExp) => (e: unknown) => e instanceof InputError && message.test(e.message);
    assert.throws(
      () => loadConfiguration({ cwd: dir, env: { OPENLATTICE_DB_PORT: "5432x" } }),
      refused(/^OPENLATTICE_DB_PORT must be a port number from 1 to 65535, got "5432x"$/),
    );
    writeFileSync(join(dir, "bad.env"), `OPENLATTICE_JWT=${TOKEN}\nOPENLATTICE_DB_PORT=70000\n`);
    assert.throws(
      () => loadConfiguration({ cwd: dir, envFile: "bad.env", env: {} }),
      refused(/^OPENLATTICE_DB_PORT \(from bad\.env\) must be a port number/),
    );
    assert.throws(
      () => loadConfiguration({ cwd: dir, env: { OPENLATTICE_DB_HOST: "postgres://db:5432" } }),
      refused(/^OPENLATTICE_DB_HOST must be a host name or IP address without scheme or port/),
    );
    assert.throws(
      () => loadConfiguration({ cwd: dir, env: {}, databasePort: 0 }),
      refused(/^databasePort must be a port number/),
    );
  });
});

describe("resolveOrganizationDatabaseAddress", () => {
  const resolve = async (fake: FakeOptions, options = {}) => {
    const { client, sent } = fakeClient(fake);
    return { address: await resolveOrganizationDatabaseAddress(client, options), sent };
  };

  it("with a sandbox base URL and nothing configured, asks the sandbox (authenticated), without TLS", async () => {
    for (const host of [SANDBOX, "http://127.0.0.1:9000", "http://[::1]:8080"]) {
      const { address, sent } = await resolve({ host, answers: sandboxAnswer });
      assert.deepEqual(address, { host: "127.0.0.1", port: 54321, ssl: false });
      assert.deepEqual(
        sent.map((s) => [s.method, s.path, s.authorization]),
        [["GET", "/sandbox/postgres", `Bearer ${TOKEN}`]],
      );
    }
  });

  it("with a real base URL, defaults to atlas with verified TLS, asking nothing", async () => {
    const { address, sent } = await resolve({ host: "https://api.openlattice.com" });
    assert.deepEqual(address, { host: "atlas.openlattice.com", port: 30001, ssl: { rejectUnauthorized: true } });
    assert.deepEqual(ATLAS_DATABASE, { host: "atlas.openlattice.com", port: 30001 });
    assert.equal(sent.length, 0);
  });

  it("takes the configuration (OPENLATTICE_DB_*) before the sandbox and atlas", async () => {
    const sandbox = await resolve({
      host: SANDBOX,
      answers: sandboxAnswer,
      databaseHost: "db.local",
      databasePort: 6100,
    });
    assert.deepEqual([sandbox.address, sandbox.sent.length], [{ host: "db.local", port: 6100, ssl: false }, 0]);
    const real = await resolve({ host: "https://api.openlattice.com", databaseHost: "atlas.ca.openlattice.com" });
    assert.deepEqual(real.address, {
      host: "atlas.ca.openlattice.com",
      port: 30001,
      ssl: { rejectUnauthorized: true },
    });
  });

  it("takes options before the configuration; each of host and port falls back on its own", async () => {
    const configured = { host: SANDBOX, answers: sandboxAnswer, databaseHost: "db.local", databasePort: 6100 };
    const both = await resolve(configured, { host: "opt.local", port: 6200, ssl: true });
    assert.deepEqual([both.address, both.sent.length], [{ host: "opt.local", port: 6200, ssl: true }, 0]);
    const onlyHost = await resolve({ host: SANDBOX, answers: sandboxAnswer, databaseHost: "db.local" });
    assert.deepEqual(onlyHost.address, { host: "db.local", port: 54321, ssl: false });
    assert.equal(onlyHost.sent.length, 1);
    const onlyPort = await resolve({ host: "https://api.openlattice.com" }, { port: 5432, ssl: false });
    assert.deepEqual(onlyPort.address, { host: "atlas.openlattice.com", port: 5432, ssl: false });
  });

  it("refuses bad options before asking, and explains a base URL on localhost that is not the sandbox", async () => {
    const { client, sent } = fakeClient({ host: SANDBOX, answer: { status: 404, body: "Not Found" } });
    const refused = (message: RegExp) => (e: unknown) => e instanceof InputError && message.test(e.message);
    await assert.rejects(
      resolveOrganizationDatabaseAddress(client, { port: 65536 }),
      refused(/^options\.port must be a port number/),
    );
    await assert.rejects(
      resolveOrganizationDatabaseAddress(client, { host: "db:5432" }),
      refused(/^options\.host must be a host name/),
    );
    assert.equal(sent.length, 0);
    await assert.rejects(
      resolveOrganizationDatabaseAddress(client),
      (e: unknown) =>
        e instanceof OrganizationDatabaseError &&
        /no GET \/sandbox\/postgres\): set OPENLATTICE_DB_HOST and OPENLATTICE_DB_PORT/.test(e.message),
    );
  });

  it("SandboxApi.getPostgres parses {host, port}", async () => {
    const { client } = fakeClient({ host: SANDBOX, answers: sandboxAnswer });
    assert.deepEqual(await new SandboxApi(client).getPostgres(), { host: "127.0.0.1", port: 54321 });
    const broken = fakeClient({ host: SANDBOX, answer: { host: "127.0.0.1", port: "54321" } });
    await assert.rejects(new SandboxApi(broken.client).getPostgres(), ResponseValidationError);
  });
});

/**
 * Not a database: a TCP server that answers the startup message with a PostgreSQL ErrorResponse whose text holds
 * the credential and a connection string, as a careless server or proxy might.
 */
async function refusingServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.once("data", () => {
      const field = (code: string, text: string) =>
        Buffer.concat([Buffer.from(code), Buffer.from(text), Buffer.from([0])]);
      const message = `password authentication failed for "${SECRET}" (postgres://ol-internal:${SECRET}@127.0.0.1/org_db)`;
      const fields = Buffer.concat([
        field("S", "FATAL"),
        field("V", "FATAL"),
        field("C", "28P01"),
        field("M", message),
        Buffer.from([0]),
      ]);
      const length = Buffer.alloc(4);
      length.writeInt32BE(fields.length + 4);
      socket.end(Buffer.concat([Buffer.from("E"), length, fields]));
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, port: (server.address() as { port: number }).port };
}

const orgAnswers = (port: number) => ({
  [`${O}/database`]: { text: "org_279b202f61704f14b021ea904f758e27" },
  [`${O}/integration`]: { user: `ol-internal|organization|${ORG}`, credential: SECRET },
  "/sandbox/postgres": { host: "127.0.0.1", port },
});

describe("connectToOrganizationDatabase", () => {
  it("asks for the address, the database name and the integration account, then connects; a failure never shows the credential", async () => {
    const { server, port } = await refusingServer();
    const { client, sent } = fakeClient({ host: SANDBOX, answers: orgAnswers(port) });
    const error = await connectToOrganizationDatabase(new OpenLattice(client), ORG)
      .then(
        () => assert.fail("expected an OrganizationDatabaseError"),
        (e: unknown) => e as OrganizationDatabaseError,
      )
      .finally(() => server.close());
    assert.deepEqual(
      sent.map((s) => `${s.method} ${s.path}`),
      ["GET /sandbox/postgres", `GET ${O}/database`, `GET ${O}/integration`],
    );
    assert.ok(error instanceof OrganizationDatabaseError && error instanceof OpenLatticeError);
    assert.match(
      error.message,
      /^Could not connect to the database org_279b\w+ of organization 279b202f-[\w-]+ at 127\.0\.0\.1:\d+ as ol-internal\|organization\|279b202f-[\w-]+: password authentication failed/,
    );
    assert.equal((error.cause as { code?: string }).code, "28P01");
    const shown = [
      error.message,
      error.stack,
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
      String((error.cause as Error).stack),
    ].join("\n");
    assert.ok(!shown.includes(SECRET), shown);
    assert.match(shown, /postgres:\/\/ol-internal:\[redacted\]@127\.0\.0\.1/);
  });

  it("takes an OrganizationsApi too, and a refused connection is wrapped the same way", async () => {
    const { server, port } = await refusingServer();
    await new Promise<void>((ok) => server.close(() => ok())); // nothing listens there now
    const { client } = fakeClient({ host: SANDBOX, answers: orgAnswers(port) });
    await assert.rejects(
      connectToOrganizationDatabase(new OrganizationsApi(client), ORG, { connectionTimeoutMillis: 5000 }),
      (e: unknown) =>
        e instanceof OrganizationDatabaseError && /ECONNREFUSED/.test(e.message) && !e.message.includes(SECRET),
    );
  });

  it("refuses bad arguments before sending anything", async () => {
    const { client, sent } = fakeClient({ host: SANDBOX, answers: orgAnswers(1) });
    const ol = new OpenLattice(client);
    const refused = (message: RegExp) => (e: unknown) => e instanceof InputError && message.test(e.message);
    await assert.rejects(connectToOrganizationDatabase(ol, "279b202f"), refused(/^organizationId must be a UUID/));
    await assert.rejects(
      connectToOrganizationDatabase({} as never, ORG),
      refused(/^openLattice must be connect\(\)'s OpenLattice or an OrganizationsApi/),
    );
    await assert.rejects(
      connectToOrganizationDatabase(ol, ORG, { port: 0 }),
      refused(/^options\.port must be a port number/),
    );
    await assert.rejects(
      connectToOrganizationDatabase(ol, ORG, { connectionTimeoutMillis: -1 }),
      refused(/^options\.connectionTimeoutMillis/),
    );
    assert.equal(sent.length, 0);
  });

  it("API failures pass through; an integration answer that breaks the schema is shown without its credential", async () => {
    const forbidden = {
      errors: [{ error: { type: "forbidden", code: 403 }, message: `Object [${ORG}] is not accessible.` }],
    };
    const denied = fakeClient({
      host: SANDBOX,
      answers: { ...orgAnswers(1), [`${O}/integration`]: { status: 401, body: forbidden } },
    });
    await assert.rejects(connectToOrganizationDatabase(new OpenLattice(denied.client), ORG), PermissionError);

    const broken = fakeClient({
      host: SANDBOX,
      answers: { ...orgAnswers(1), [`${O}/integration`]: { username: "x", credential: SECRET } },
    });
    const error = await connectToOrganizationDatabase(new OpenLattice(broken.client), ORG).catch(
      (e: unknown) => e as ResponseValidationError,
    );
    assert.ok(error instanceof ResponseValidationError);
    assert.ok(![error.message, error.body, inspect(error, { depth: 5 })].join("\n").includes(SECRET));
    assert.match(error.body, /"credential":"\[redacted\]"/);
  });
});

test("connect() exposes the new APIs", () => {
  const { client } = fakeClient();
  const ol = new OpenLattice(client);
  for (const name of ["organizations", "principals", "entitySets", "permissions", "data", "edm"] as const)
    assert.equal(ol[name].client, client, name);
});
