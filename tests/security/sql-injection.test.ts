import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ApiError, NotFoundError, ServerError } from "../../lib/errors.js";
import { type DbSnapshot, takeSnapshot } from "../helpers/db-snapshot.js";
import { raw, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// SQL injection attempts in every string parameter: stored or looked up literally, never run. Writes that the
// API accepts are read back as sent and then undone; at the end PostgreSQL is exactly as before. No attempt gets
// a 500, and none takes long (a payload calls pg_sleep).

const PAYLOADS = [
  "' OR '1'='1",
  "'; DROP TABLE principals; --",
  '"; DROP DATABASE openlattice; --',
  "Robert'); DELETE FROM aces; --",
  "1; UPDATE organizations SET integration_credential = 'x'",
  "$$; DROP SCHEMA public CASCADE; $$",
  "'; SELECT pg_sleep(5); --",
  "%' OR 1=1 --",
  "%_%",
  "\\'; DROP TABLE users; --",
  'x" OR "1"="1',
  "/**/UNION/**/SELECT rolpassword FROM pg_authid--",
  "'); COMMIT; DROP TABLE users; BEGIN; ('",
  "ol-internal|x\"; ALTER ROLE postgres PASSWORD 'pwned'; --",
  "E'\\x27' || chr(39) || current_user",
];

// (an empty description cannot be sent back: the body would be missing)
const DESCRIPTION = "Before the attempts";
let sandbox: TestSandbox;
let org: string;
let role: string;
let title: string;
let snapshot: DbSnapshot;

before(async () => {
  sandbox = await startTestSandbox();
  const api = sandbox.as("owner").organizations;
  title = `Injection${Date.now()}`;
  org = await api.createOrganizationIfNotExists({
    title,
    description: DESCRIPTION,
    principal: { type: "ORGANIZATION", id: title },
  });
  role = await api.createRole({
    organizationId: org,
    title: "Analyst",
    description: DESCRIPTION,
    principal: { type: "ROLE", id: `${org}|Analyst` },
  });
  snapshot = await takeSnapshot(sandbox.superuser);
});
after(async () => {
  await sandbox?.stop();
});

/** Runs a call for each payload: it must finish within 4 s with a result or an ApiError other than a 500. */
async function eachPayload(check: (payload: string) => Promise<unknown>) {
  for (const payload of PAYLOADS) {
    const started = Date.now();
    try {
      await check(payload);
    } catch (error) {
      assert.ok(error instanceof ApiError || error instanceof assert.AssertionError, `${payload}: ${String(error)}`);
      assert.ok(!(error instanceof ServerError), `${payload}: a 500: ${error.message}`);
      throw error;
    }
    assert.ok(Date.now() - started < 4000, `${payload} took ${Date.now() - started} ms`);
  }
}

const notFound = (promise: Promise<unknown>) => assert.rejects(promise, NotFoundError);

describe("SQL injection attempts are data, never SQL", () => {
  test("titles and descriptions of organizations and roles are stored as sent", async () => {
    const api = sandbox.as("owner").organizations;
    await eachPayload(async (p) => {
      await api.updateTitle(org, p);
      await api.updateDescription(org, p);
      await api.updateRoleTitle(org, role, p);
      await api.updateRoleDescription(org, role, p);
      const saved = await api.getOrganization(org);
      assert.deepEqual([saved.title, saved.description], [p, p]);
      const savedRole = await api.getRole(org, role);
      assert.deepEqual([savedRole.title, savedRole.description], [p, p]);
    });
    await api.updateTitle(org, title);
    await api.updateDescription(org, DESCRIPTION);
    await api.updateRoleTitle(org, role, "Analyst");
    await api.updateRoleDescription(org, role, DESCRIPTION);
  });

  test("database names are refused with a 400 and the database keeps its name", async () => {
    const api = sandbox.as("owner").organizations;
    const name = await api.getOrganizationDatabaseName(org);
    await eachPayload(async (p) => {
      const answer = await raw(`${sandbox.url}/datastore/organizations/${org}/database`, {
        method: "PATCH",
        token: sandbox.token("owner"),
        body: p,
        contentType: "text/plain",
      });
      assert.equal(answer.status, 400, answer.text);
    });
    assert.equal(await api.getOrganizationDatabaseName(org), name);
  });

  test("organizations and roles created with them are named literally, and destroyed cleanly", async () => {
    const api = sandbox.as("owner").organizations;
    await eachPayload(async (p) => {
      const id = await api.createOrganizationIfNotExists({
        title: p,
        description: p,
        principal: { type: "ORGANIZATION", id: `${p} ${Date.now()}` },
      });
      const created = await api.getOrganization(id);
      assert.equal(created.title, p);
      assert.ok(created.principal.id.startsWith(p));
      await api.destroyOrganization(id);
      const roleId = await api.createRole({
        organizationId: org,
        title: p,
        description: p,
        principal: { type: "ROLE", id: `${org}|${p}` },
      });
      assert.equal((await api.getRole(org, roleId)).title, p);
      await api.deleteRole(org, roleId);
    });
  });

  test("user ids are looked up literally: unknown users, whatever they hold", async () => {
    const { organizations, principals } = sandbox.as("owner");
    await eachPayload(async (p) => {
      await notFound(organizations.addMember(org, p));
      await organizations.removeMember(org, p); // an unknown user is no member: nothing to do, as on the real server
      await notFound(organizations.addRoleToUser(org, role, p));
      await notFound(organizations.removeRoleFromUser(org, role, p));
      await notFound(principals.getUser(p));
      await notFound(principals.getSecurablePrincipal({ type: "USER", id: p }));
      assert.deepEqual(await principals.getUsers([p]), {});
    });
  });

  test("e-mail domains are stored as sent and removed again", async () => {
    const admin = sandbox.as("admin").organizations;
    const domains = () => sandbox.as("owner").organizations.getAutoApprovedEmailDomains(org);
    await eachPayload(async (p) => {
      await admin.addAutoApprovedEmailDomain(org, p);
      assert.deepEqual(await domains(), [p]);
      await admin.removeAutoApprovedEmailDomain(org, p);
      assert.deepEqual(await domains(), []);
    });
    await admin.setAutoApprovedEmailDomain(org, PAYLOADS);
    assert.deepEqual(await domains(), PAYLOADS);
    await admin.removeAutoApprovedEmailDomains(org, PAYLOADS);
    assert.deepEqual(await domains(), []);
  });

  test("entity-set names, property type names and user searches find nothing", async () => {
    const { entitySets, edm, principals } = sandbox.as("owner");
    await eachPayload(async (p) => {
      await notFound(entitySets.getEntitySetId(p));
      assert.deepEqual(await entitySets.getEntitySetIds([p, "demo_people"]), {
        demo_people: await entitySets.getEntitySetId("demo_people"),
      });
      assert.deepEqual(Object.keys(await entitySets.getEntitySetsByName([p])), []);
      await notFound(edm.getPropertyTypeId(p, p));
      assert.deepEqual(await principals.searchUsers({ email: p }), {});
      assert.deepEqual(await principals.searchUsers({ name: p }), {});
    });
  });

  test("nothing else changed anywhere in PostgreSQL", async () => {
    assert.deepEqual(await takeSnapshot(sandbox.superuser), snapshot);
  });
});
