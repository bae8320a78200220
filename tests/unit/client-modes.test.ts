import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { z } from "zod";
import { OrganizationsApi } from "../../lib/api/organizations.js";
import { ApiClient, type ApiClientOptions } from "../../lib/client.js";
import { Configuration, loadConfiguration } from "../../lib/config.js";
import { InputError, ReadOnlyError } from "../../lib/errors.js";
import { recordingFetch, sentLines } from "../helpers/fake-client.js";
import { TOKEN } from "../helpers/tokens.js";

const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const O = `/datastore/organizations/${ORG}`;

/** A client on a remote host whose fetch records each call and answers `[]`; `logs` collects what it reports. */
function setup(
  options: ApiClientOptions = {},
  configuration = new Configuration({ host: "https://ol.test", accessToken: TOKEN }),
) {
  const { fetch, sent } = recordingFetch("https://ol.test", () => []);
  const logs: string[] = [];
  const client = new ApiClient(configuration, {
    fetch,
    maxRetries: 0,
    log: (message) => logs.push(message),
    ...options,
  });
  return { client, api: new OrganizationsApi(client), sent: () => sentLines(sent), logs };
}

const write = (method: "POST" | "PUT" | "PATCH" | "DELETE") => ({ method, path: `${O}/title`, text: "T" });

describe("read-only mode", () => {
  it("sends GETs and refuses every other method before sending, naming the request, and logs it", async () => {
    const { client, api, sent, logs } = setup({ mode: "read-only" });
    assert.deepEqual(await api.getOrganizations(), []);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      await assert.rejects(client.request(write(method)), (e: unknown) => {
        assert.ok(e instanceof ReadOnlyError);
        const why = `only GET calls are sent (mode "read-only", from the client's options or OPENLATTICE_MODE)`;
        assert.equal(e.message, `read-only mode refused ${method} ${O}/title: ${why}`);
        return true;
      });
    }
    await assert.rejects(api.destroyOrganization(ORG, { confirm: ORG }), ReadOnlyError);
    assert.deepEqual(sent(), ["GET /datastore/organizations"]);
    assert.deepEqual(logs, [
      ...["POST", "PUT", "PATCH", "DELETE"].map((m) => `read-only: refused ${m} ${O}/title`),
      `read-only: refused DELETE ${O}`,
    ]);
  });

  it("sends a lookup marked readsOnly although it is a POST", async () => {
    const { api, sent } = setup({ mode: "read-only" });
    await api.getFlaggedOrganizationEntitySets(ORG, ["MATERIALIZED"]).catch(() => {}); // the answer [] fails the schema; it was sent
    assert.deepEqual(sent(), [`POST ${O}/entity-sets`]);
  });
});

describe("dry-run mode", () => {
  it("sends GETs; logs any other request, redacted, sends nothing and resolves to undefined", async () => {
    const { client, api, sent, logs } = setup({ mode: "dry-run" });
    assert.deepEqual(await api.getOrganizations(), []);
    const id = await api.createOrganizationIfNotExists({
      title: "Demo",
      principal: { type: "ORGANIZATION", id: "Demo" },
    });
    assert.equal(id, undefined, "a create resolves to undefined");
    const answer = await client.request({
      method: "POST",
      path: "/x",
      json: {
        user: "u",
        credential: "s3cret-credential",
        nested: [{ accessToken: "tok-value-123", password: "pw-value-456" }],
        note: `Bearer ${TOKEN}`,
      },
      schema: z.string(),
    });
    assert.equal(answer, undefined);
    await api.renameOrganizationDatabase(ORG, "org_db_renamed", { confirm: ORG });
    await client.request({ method: "PUT", path: "/y", text: `token ${TOKEN} here` });
    await client.request({ method: "DELETE", path: "/z" });
    assert.deepEqual(sent(), ["GET /datastore/organizations"], "nothing but the GET was sent");

    assert.equal(logs.length, 5);
    const [created, ...others] = logs;
    assert.match(
      created!,
      /^dry-run: not sent: POST \/datastore\/organizations\n {2}Content-Type: application\/json\n/,
    );
    assert.match(created!, /\n {2}body: \{"description":"","emailDomains":\[\],.*"title":"Demo".*\}$/);
    const masked =
      '{"user":"u","credential":"[redacted]","nested":[{"accessToken":"[redacted]","password":"[redacted]"}],"note":"Bearer [redacted]"}';
    assert.deepEqual(others, [
      `dry-run: not sent: POST /x\n  Content-Type: application/json\n  body: ${masked}`,
      `dry-run: not sent: PATCH ${O}/database\n  Content-Type: text/plain; charset=utf-8\n  body: org_db_renamed`,
      "dry-run: not sent: PUT /y\n  Content-Type: text/plain; charset=utf-8\n  body: token [redacted] here",
      "dry-run: not sent: DELETE /z",
    ]);
    const all = logs.join("\n");
    for (const secret of [TOKEN, "s3cret-credential", "tok-value-123", "pw-value-456", "Authorization"])
      assert.ok(!all.includes(secret), secret);
  });

  it("still requires the confirmation of a destructive call, so that the dry run rehearses the real one", async () => {
    const { api, logs } = setup({ mode: "dry-run" });
    await assert.rejects(api.destroyOrganization(ORG), /options\.confirm is required/);
    assert.deepEqual(logs, []);
  });

  it("cuts a long body", async () => {
    const { client, logs } = setup({ mode: "dry-run" });
    await client.request({ method: "POST", path: "/x", text: "a".repeat(5000) });
    assert.match(logs[0]!, /body: a{2000}… \(5000 characters\)$/);
  });

  it("logs to console.log by default", async (t) => {
    const lines: unknown[] = [];
    t.mock.method(console, "log", (line: unknown) => void lines.push(line));
    const client = new ApiClient(new Configuration({ host: "https://ol.test", accessToken: TOKEN }), {
      mode: "dry-run",
    });
    await client.request({ method: "DELETE", path: "/z" });
    assert.deepEqual(lines, ["dry-run: not sent: DELETE /z"]);
  });
});

describe("the mode", () => {
  it("comes from the client's options, else the configuration (read at each call), else normal", async () => {
    const configuration = new Configuration({ host: "https://ol.test", accessToken: TOKEN, mode: "dry-run" });
    assert.equal(setup({}, configuration).client.mode, "dry-run");
    assert.equal(setup({ mode: "normal" }, configuration).client.mode, "normal");
    const { client, sent } = setup({}, configuration);
    configuration.mode = "normal";
    await client.request({ method: "DELETE", path: "/z" });
    assert.deepEqual(sent(), ["DELETE /z"]);
    assert.equal(new Configuration().mode, "normal");
    assert.deepEqual([JSON.stringify(configuration).includes("mode"), client.toJSON().mode], [false, "normal"]);
    configuration.mode = "read-only";
    assert.match(JSON.stringify(configuration), /"mode":"read-only"/);
  });

  it("is refused when unknown, naming where it came from", () => {
    assert.throws(
      () => setup({ mode: "careful" as never }),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        return e.message === 'mode must be one of normal, read-only, dry-run, got "careful"';
      },
    );
    assert.throws(() => new Configuration({ mode: "x" as never }), { message: /^mode must be one of/ });
    assert.throws(() => setup({ log: "stdout" as never }), { message: /^log must be a function/ });
  });
});

describe("OPENLATTICE_MODE", () => {
  const dir = mkdtempSync(join(tmpdir(), "ol-mode-"));
  writeFileSync(join(dir, ".env"), `OPENLATTICE_JWT=${TOKEN}\nOPENLATTICE_MODE=read-only\n`);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is read from .env, the environment over it, an explicit option over both", () => {
    assert.equal(loadConfiguration({ cwd: dir, env: {} }).mode, "read-only");
    assert.equal(loadConfiguration({ cwd: dir, env: { OPENLATTICE_MODE: " Dry-Run " } }).mode, "dry-run");
    assert.equal(
      loadConfiguration({ cwd: dir, env: { OPENLATTICE_MODE: "" } }).mode,
      "read-only",
      "blank counts as unset",
    );
    assert.equal(loadConfiguration({ cwd: dir, env: { OPENLATTICE_MODE: "dry-run" }, mode: "normal" }).mode, "normal");
    assert.equal(loadConfiguration({ envFile: false, env: { OPENLATTICE_JWT: TOKEN } }).mode, "normal");
  });

  it("is refused when unknown, naming the variable and the file", () => {
    const env = { OPENLATTICE_JWT: TOKEN, OPENLATTICE_MODE: "readonly" };
    assert.throws(() => loadConfiguration({ envFile: false, env }), {
      message: /^OPENLATTICE_MODE must be one of normal, read-only, dry-run, got "readonly"$/,
    });
    writeFileSync(join(dir, "bad.env"), `OPENLATTICE_JWT=${TOKEN}\nOPENLATTICE_MODE=off\n`);
    assert.throws(() => loadConfiguration({ cwd: dir, envFile: "bad.env", env: {} }), {
      message: /^OPENLATTICE_MODE \(from .*bad\.env\) must be one of/,
    });
  });

  it("puts a client made from that configuration in that mode", async () => {
    const { client, sent, logs } = setup(
      {},
      loadConfiguration({ cwd: dir, env: { OPENLATTICE_BASE_URL: "https://ol.test" } }),
    );
    await assert.rejects(client.request({ method: "DELETE", path: "/z" }), ReadOnlyError);
    assert.deepEqual([sent(), logs], [[], ["read-only: refused DELETE /z"]]);
  });
});
