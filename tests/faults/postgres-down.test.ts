// An existing PostgreSQL server (`--database-url`) stopped under the sandbox and started again: the sandbox waits
// for it. (The embedded one is the sandbox's own, which it restarts itself: supervision.test.ts.)
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ApiClient } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { OpenLattice } from "../../lib/connect.js";
import { ServerError } from "../../lib/errors.js";
import { embeddedPostgres, startPostmaster, stopPostmaster, type EmbeddedPostgres } from "../../sandbox/db/postgres.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { raw, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

const UNAVAILABLE = {
  errors: [{ error: { type: "serviceUnavailable", code: 503 }, message: "The database is not available; try again." }],
};

let sandbox: TestSandbox;
let server: EmbeddedPostgres;
let orgId: string;
const serverDir = mkdtempSync(join(tmpdir(), "ol-external-pg-"));
const stopPostgres = async () => void (await stopPostmaster(serverDir));
const startPostgres = async () => void (await startPostmaster(serverDir, server.port));

before(async () => {
  chmodSync(serverDir, 0o755); // as root PostgreSQL runs as the `postgres` user
  const password = randomBytes(12).toString("hex");
  server = await embeddedPostgres(serverDir, password);
  sandbox = await startTestSandbox({
    SANDBOX_DATABASE_URL: `postgres://postgres:${password}@127.0.0.1:${server.port}/postgres`,
  });
  const name = `Outage${Date.now()}`;
  orgId = await sandbox
    .as("owner")
    .organizations.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
});
after(async () => {
  await sandbox?.stop();
  await server?.stop();
  rmSync(serverDir, { recursive: true, force: true });
});

/** A client that retries as the library does by default (2 retries, `Retry-After` honoured). */
const retrying = () =>
  new OpenLattice(
    new ApiClient(new Configuration({ host: sandbox.url, accessToken: sandbox.token("owner") }), { retryDelayMs: 100 }),
  );

/** The sandbox still answers (an unknown path needs no database). */
async function alive() {
  assert.equal((await raw(`${sandbox.url}/no-such-endpoint`)).status, 404);
}

describe("an existing PostgreSQL stopped under the sandbox", () => {
  test("every kind of call answers 503 in the error-body shape with Retry-After, and the sandbox keeps running", async () => {
    await stopPostgres();
    const token = sandbox.token("owner");
    const org = `${sandbox.url}/datastore/organizations/${orgId}`;
    const calls = [
      { url: `${sandbox.url}/datastore/organizations` },
      { url: org },
      { url: `${org}/title`, method: "PUT", body: "New title", contentType: "text/plain" },
      { url: `${org}/principals/members/${encodeURIComponent(SEEDED_USERS.member.user_id)}`, method: "PUT" },
      {
        url: `${sandbox.url}/datastore/organizations`,
        method: "POST",
        contentType: "application/json",
        body: JSON.stringify({ title: "T", principal: { type: "ORGANIZATION", id: "Down" } }),
      },
    ];
    for (const call of calls) {
      const response = await fetch(call.url, {
        method: call.method ?? "GET",
        headers: { Authorization: `Bearer ${token}`, ...(call.contentType && { "Content-Type": call.contentType }) },
        body: call.body,
      });
      assert.equal(response.status, 503, `${call.method ?? "GET"} ${call.url}`);
      assert.equal(response.headers.get("retry-after"), "1");
      assert.deepEqual(await response.json(), UNAVAILABLE);
    }
    await alive();
  });

  test("the client retries a GET on 503 (honouring Retry-After) and gives up with a ServerError; a POST is sent once", async () => {
    const api = retrying().organizations;
    const started = Date.now();
    await assert.rejects(
      api.getOrganization(orgId),
      (error: unknown) => error instanceof ServerError && error.status === 503,
    );
    const waited = Date.now() - started;
    assert.ok(waited >= 2000 && waited < 6000, `two Retry-After waits of 1 s, took ${waited} ms`);
    const posted = Date.now();
    await assert.rejects(
      api.createRole({ organizationId: orgId, title: "R", principal: { type: "ROLE", id: `${orgId}|R` } }),
      ServerError,
    );
    assert.ok(Date.now() - posted < 1000, "a POST is not retried");
  });

  test("when PostgreSQL returns, a retrying GET succeeds and calls work again", async () => {
    const api = retrying().organizations;
    const pending = api.getOrganization(orgId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await startPostgres();
    assert.equal((await pending).id, orgId);
    await api.updateTitle(orgId, "Back again");
    assert.equal((await api.getOrganization(orgId)).title, "Back again");
    await api.addMember(orgId, SEEDED_USERS.member.user_id);
    assert.ok((await api.getMembers(orgId)).some((m) => m.principal.principal.id === SEEDED_USERS.member.user_id));
  });

  test("stopped in the middle of a burst of calls: each answers 2xx or 503, never another error, and nothing crashes", async () => {
    const api = new OpenLattice(
      new ApiClient(new Configuration({ host: sandbox.url, accessToken: sandbox.token("owner") }), { maxRetries: 0 }),
    ).organizations;
    const users = [SEEDED_USERS.member.user_id, SEEDED_USERS.outsider.user_id, SEEDED_USERS.admin.user_id];
    const statuses: number[] = [];
    const worker = async (n: number) => {
      for (let i = 0; i < 25; i++) {
        const user = users[(n + i) % users.length]!;
        const call = [
          () => api.getMembers(orgId),
          () => api.addMember(orgId, user),
          () => api.updateTitle(orgId, `T${n}.${i}`),
          () => api.removeMember(orgId, user),
        ][i % 4]!;
        await call().then(
          () => statuses.push(200),
          (error: { status?: number }) => statuses.push(error.status ?? 0),
        );
      }
    };
    const burst = Promise.all([0, 1, 2, 3, 4, 5].map(worker));
    await new Promise((resolve) => setTimeout(resolve, 150));
    await stopPostgres();
    await burst;
    assert.deepEqual(
      [...new Set(statuses)].filter((s) => s !== 200 && s !== 503),
      [],
      `statuses: ${statuses.join(" ")}`,
    );
    assert.ok(statuses.includes(503));
    await alive();
    await startPostgres();
    assert.equal((await api.getOrganization(orgId)).id, orgId);
  });
});
