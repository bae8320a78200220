import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { BadRequestError, InputError, PermissionError, ServerError } from "../../lib/errors.js";
import { adminRoleTitle, defaultDatabaseName, integrationLogin } from "../../sandbox/naming.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { raw, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { jwtClaims, jwtPart } from "../helpers/tokens.js";

const SAMPLE = SAMPLE_ORGANIZATION.id;
let sandbox: TestSandbox;

before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox?.stop();
});

/** Creates an organization as the owner with a unique principal id. */
async function newOrganization(name = `Org${Date.now()}${Math.floor(Math.random() * 1e6)}`) {
  const id = await sandbox.as("owner").organizations.createOrganizationIfNotExists({
    title: `${name} title`,
    principal: { type: "ORGANIZATION", id: name },
  });
  return { id, name };
}

async function databaseExists(name: string) {
  const client = await sandbox.superuser();
  try {
    return (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

/** Connects as the organization's integration login and returns the database it landed in. */
async function connectAs(user: string, password: string, database: string) {
  const client = new pg.Client({ ...sandbox.postgres, user, password, database });
  await client.connect();
  try {
    return (await client.query<{ db: string }>("SELECT current_database() AS db")).rows[0]!.db;
  } finally {
    await client.end();
  }
}

describe("reading organizations", () => {
  test("the owner sees the seeded sample organization with members, admin role and emailDomains", async () => {
    const orgs = await sandbox.as("owner").organizations.getOrganizations();
    const sample = orgs.find((o) => o.id === SAMPLE);
    assert.ok(sample, "sample organization listed");
    assert.equal(sample.title, SAMPLE_ORGANIZATION.title);
    assert.deepEqual(sample.emailDomains, []);
    assert.deepEqual(
      sample.members.map((m) => m.id).sort(),
      [SEEDED_USERS.member.user_id, SEEDED_USERS.owner.user_id].sort(),
    );
    assert.equal(sample.roles.length, 1);
    const [admin] = sample.roles;
    assert.equal(admin!["@class"], "com.openlattice.organization.roles.Role");
    assert.equal(admin!.title, "OpenLatticeSampleOrg - ADMIN");
    assert.equal(admin!.principal.id, `${SAMPLE}|OpenLatticeSampleOrg - ADMIN`);
    assert.deepEqual(admin!.aclKey, sample.adminRoleAclKey);
  });

  test("a member reads it; an outsider neither lists nor reads it", async () => {
    assert.equal((await sandbox.as("member").organizations.getOrganization(SAMPLE)).id, SAMPLE);
    const outsider = sandbox.as("outsider").organizations;
    assert.ok(!(await outsider.getOrganizations()).some((o) => o.id === SAMPLE));
    await assert.rejects(outsider.getOrganization(SAMPLE), (e: unknown) => {
      assert.ok(e instanceof PermissionError);
      assert.equal(e.status, 401);
      assert.equal(e.errorType, "forbidden");
      assert.equal(e.message, `Object [${SAMPLE}] is not accessible.`);
      return true;
    });
  });

  test("metadata lists organization principals only", async () => {
    const metadata = await sandbox.as("member").organizations.getOrganizationsMetadata();
    const sample = metadata.find((p) => p.id === SAMPLE);
    assert.equal(sample?.["@class"], "com.openlattice.organization.OrganizationPrincipal");
    assert.deepEqual(sample?.principal, SAMPLE_ORGANIZATION.principal);
    assert.deepEqual(await sandbox.as("outsider").organizations.getOrganizationsMetadata(), []);
  });

  test("the entity-set listings: a new organization has none; the sample may materialize demo_people", async () => {
    const { id } = await newOrganization();
    const api = sandbox.as("owner").organizations;
    assert.deepEqual(await api.getOrganizationEntitySets(id), {});
    const people = await sandbox.as("owner").entitySets.getEntitySetId("demo_people");
    assert.deepEqual(await sandbox.as("member").organizations.getOrganizationEntitySets(SAMPLE), {
      [people]: ["EXTERNAL"],
    });
    assert.deepEqual(await api.getFlaggedOrganizationEntitySets(SAMPLE, ["MATERIALIZED"]), {});
    assert.deepEqual(await api.getFlaggedOrganizationEntitySets(SAMPLE, ["EXTERNAL", "INTERNAL"]), {
      [people]: ["EXTERNAL"],
    });
    await assert.rejects(api.getFlaggedOrganizationEntitySets(SAMPLE, ["NOPE" as never]), InputError);
  });

  test("an unknown organization is the real server's 500 'does not exist'", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    await assert.rejects(sandbox.as("owner").organizations.getOrganization(missing), (e: unknown) => {
      assert.ok(e instanceof ServerError);
      assert.equal(e.message, `Organization [${missing}] does not exist.`);
      return true;
    });
  });
});

describe("creating and changing organizations", () => {
  test("create gives a real database, an admin role, and the creator as member; a taken principal id is 400", async () => {
    const { id, name } = await newOrganization();
    const api = sandbox.as("owner").organizations;
    const org = await api.getOrganization(id);
    assert.equal(org.title, `${name} title`);
    assert.deepEqual(org.members, [{ type: "USER", id: SEEDED_USERS.owner.user_id }]);
    assert.deepEqual(
      org.roles.map((r) => r.title),
      [adminRoleTitle(name)],
    );
    const database = await api.getOrganizationDatabaseName(id);
    assert.equal(database, defaultDatabaseName(id));
    assert.ok(await databaseExists(database));
    await assert.rejects(
      api.createOrganizationIfNotExists({ title: "again", principal: { type: "ORGANIZATION", id: name } }),
      (e: unknown) => e instanceof BadRequestError && /probably already exists/.test(e.message),
    );
  });

  test("title and description are sent as text/plain and stored as sent", async () => {
    const { id } = await newOrganization();
    const api = sandbox.as("owner").organizations;
    await api.updateTitle(id, "Renamed — ünïcode title");
    await api.updateDescription(id, "A description\nwith two lines");
    const org = await api.getOrganization(id);
    assert.equal(org.title, "Renamed — ünïcode title");
    assert.equal(org.description, "A description\nwith two lines");
  });

  test("the integration account logs in to the organization's database; rolling it replaces the password", async () => {
    const { id } = await newOrganization();
    const api = sandbox.as("owner").organizations;
    const account = await api.getOrganizationIntegrationAccount(id);
    assert.equal(account.user, integrationLogin(id));
    assert.match(account.credential, /^[A-Za-z0-9]{29}$/);
    const database = await api.getOrganizationDatabaseName(id);
    assert.equal(await connectAs(account.user, account.credential, database), database);
    const rolled = await api.rollOrganizationIntegrationAccount(id);
    assert.notEqual(rolled.credential, account.credential);
    await assert.rejects(connectAs(account.user, account.credential, database), /password authentication failed/);
    assert.equal(await connectAs(rolled.user, rolled.credential, database), database);
    const other = await api.getOrganizationDatabaseName(SAMPLE);
    await assert.rejects(connectAs(rolled.user, rolled.credential, other), /permission denied/);
  });

  test("rename is a real ALTER DATABASE; a taken name is a 500 and changes nothing", async () => {
    const { id } = await newOrganization();
    const api = sandbox.as("owner").organizations;
    const before = await api.getOrganizationDatabaseName(id);
    const renamed = `renamed_${id.slice(0, 8)}`;
    await api.renameOrganizationDatabase(id, renamed);
    assert.equal(await api.getOrganizationDatabaseName(id), renamed);
    assert.ok(await databaseExists(renamed));
    assert.ok(!(await databaseExists(before)));
    const account = await api.getOrganizationIntegrationAccount(id);
    assert.equal(await connectAs(account.user, account.credential, renamed), renamed);

    const taken = await api.getOrganizationDatabaseName(SAMPLE);
    await assert.rejects(api.renameOrganizationDatabase(id, taken), (e: unknown) => {
      assert.ok(e instanceof ServerError);
      assert.equal(e.errorType, "illegalState");
      assert.equal(e.message, `An error occurred while trying to rename org ${id} database name to ${taken}`);
      return true;
    });
    assert.equal(await api.getOrganizationDatabaseName(id), renamed);
    assert.equal(await api.getOrganizationDatabaseName(SAMPLE), taken);
  });

  test("destroy drops the database and the integration login", async () => {
    const { id } = await newOrganization();
    const api = sandbox.as("owner").organizations;
    const database = await api.getOrganizationDatabaseName(id);
    const account = await api.getOrganizationIntegrationAccount(id);
    await assert.rejects(sandbox.as("member").organizations.destroyOrganization(id), PermissionError);
    await api.destroyOrganization(id);
    assert.ok(!(await databaseExists(database)));
    const client = await sandbox.superuser();
    try {
      assert.equal((await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [account.user])).rowCount, 0);
    } finally {
      await client.end();
    }
    await assert.rejects(api.getOrganization(id), /does not exist/);
  });
});

describe("e-mail domains", () => {
  test("an admin sets, adds and removes them; the owner reads them", async () => {
    const { id } = await newOrganization();
    const admin = sandbox.as("admin").organizations;
    await admin.setAutoApprovedEmailDomain(id, ["example.org", "example.com"]);
    await admin.addAutoApprovedEmailDomains(id, ["openlattice.com", "example.org"]);
    await admin.addAutoApprovedEmailDomain(id, "lattice.test");
    await admin.removeAutoApprovedEmailDomains(id, ["example.com"]);
    await admin.removeAutoApprovedEmailDomain(id, "openlattice.com");
    const owner = sandbox.as("owner").organizations;
    assert.deepEqual(await owner.getAutoApprovedEmailDomains(id), ["example.org", "lattice.test"]);
    assert.deepEqual((await owner.getOrganization(id)).emailDomains, ["example.org", "lattice.test"]);
  });

  test("the owner may not change them (admin only); a member may not read them", async () => {
    const { id } = await newOrganization();
    await assert.rejects(sandbox.as("owner").organizations.setAutoApprovedEmailDomain(id, ["x.org"]), (e: unknown) => {
      assert.ok(e instanceof PermissionError);
      assert.equal(e.message, "Only admins are allowed to perform this action.");
      return true;
    });
    await assert.rejects(sandbox.as("member").organizations.getAutoApprovedEmailDomains(SAMPLE), PermissionError);
    assert.deepEqual(await sandbox.as("owner").organizations.getAutoApprovedEmailDomains(id), []);
  });
});

describe("permissions on changes", () => {
  for (const user of ["member", "outsider"] as const) {
    test(`a ${user} can change nothing`, async () => {
      const api = sandbox.as(user).organizations;
      const calls = [
        () => api.updateTitle(SAMPLE, "hijacked"),
        () => api.updateDescription(SAMPLE, "hijacked"),
        () => api.renameOrganizationDatabase(SAMPLE, "hijacked_db"),
        () => api.getOrganizationIntegrationAccount(SAMPLE),
        () => api.rollOrganizationIntegrationAccount(SAMPLE),
        () => api.destroyOrganization(SAMPLE),
      ];
      for (const call of calls) {
        await assert.rejects(call(), (e: unknown) => e instanceof PermissionError && e.status === 401);
      }
      const org = await sandbox.as("owner").organizations.getOrganization(SAMPLE);
      assert.equal(org.title, SAMPLE_ORGANIZATION.title);
    });
  }
});

describe("bad input gets a clear error in the server's shape and changes nothing", () => {
  const titleUrl = () => `${sandbox.url}/datastore/organizations/${SAMPLE}/title`;
  const cases: {
    name: string;
    url: () => string;
    method: string;
    body?: string | Buffer;
    contentType?: string;
    status: number;
    message: RegExp;
  }[] = [
    {
      name: "a blank title",
      url: titleUrl,
      method: "PUT",
      body: "   ",
      contentType: "text/plain",
      status: 400,
      message: /^Title cannot be blank\.$/,
    },
    {
      name: "an empty title",
      url: titleUrl,
      method: "PUT",
      body: "",
      contentType: "text/plain",
      status: 400,
      message: /body is missing/,
    },
    {
      name: "a JSON body where text/plain is expected",
      url: titleUrl,
      method: "PUT",
      body: '"x"',
      contentType: "application/json",
      status: 415,
      message: /application\/json' not supported/,
    },
    {
      name: "an oversized body",
      url: titleUrl,
      method: "PUT",
      body: Buffer.alloc(2 * 1024 * 1024, 97),
      contentType: "text/plain",
      status: 413,
      message: /larger than/,
    },
    {
      name: "a malformed UUID in the path",
      url: () => `${sandbox.url}/datastore/organizations/not-a-uuid/title`,
      method: "PUT",
      body: "x",
      contentType: "text/plain",
      status: 400,
      message: /^Invalid UUID string: not-a-uuid$/,
    },
    {
      name: "a 7-character database name",
      url: () => `${sandbox.url}/datastore/organizations/${SAMPLE}/database`,
      method: "PATCH",
      body: "db_1234",
      contentType: "text/plain",
      status: 400,
      message: /between 8 and 50 characters/,
    },
    {
      name: "malformed JSON",
      url: () => `${sandbox.url}/datastore/organizations`,
      method: "POST",
      body: "{nope",
      contentType: "application/json",
      status: 400,
      message: /^JSON parse error/,
    },
    {
      name: "an organization without a principal",
      url: () => `${sandbox.url}/datastore/organizations`,
      method: "POST",
      body: '{"title":"x"}',
      contentType: "application/json",
      status: 400,
      message: /^principal: Required$/,
    },
    {
      name: "an organization with a blank title",
      url: () => `${sandbox.url}/datastore/organizations`,
      method: "POST",
      body: '{"title":" ","principal":{"type":"ORGANIZATION","id":"BlankTitle"}}',
      contentType: "application/json",
      status: 400,
      message: /Title cannot be blank/,
    },
    {
      name: "an unknown organization",
      url: () => `${sandbox.url}/datastore/organizations/00000000-0000-4000-8000-000000000001/title`,
      method: "PUT",
      body: "x",
      contentType: "text/plain",
      status: 500,
      message: /does not exist/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const before = await sandbox.as("owner").organizations.getOrganizations();
      const databaseBefore = await sandbox.as("owner").organizations.getOrganizationDatabaseName(SAMPLE);
      const answer = await raw(c.url(), {
        method: c.method,
        token: sandbox.token("owner"),
        body: c.body,
        contentType: c.contentType,
      });
      assert.equal(answer.status, c.status, answer.text);
      assert.equal(answer.json.errors?.length, 1);
      assert.match(answer.json.errors![0]!.message, c.message);
      assert.deepEqual(await sandbox.as("owner").organizations.getOrganizations(), before);
      assert.equal(await sandbox.as("owner").organizations.getOrganizationDatabaseName(SAMPLE), databaseBefore);
    });
  }

  test("the client refuses bad arguments before sending anything", async () => {
    const api = sandbox.as("owner").organizations;
    await assert.rejects(api.getOrganization("not-a-uuid"), /organizationId must be a UUID, got "not-a-uuid"/);
    await assert.rejects(api.updateTitle(SAMPLE, "  "), /title must be a non-blank string/);
    await assert.rejects(api.renameOrganizationDatabase(SAMPLE, "db_1234"), /name must be 8 to 50 characters long/);
    await assert.rejects(
      api.createOrganizationIfNotExists({ title: "x", principal: { type: "ROLE", id: "x" } }),
      /principal.type must be "ORGANIZATION"/,
    );
  });
});

describe("authentication", () => {
  test("no token, a bad signature, alg none and another issuer are 401", async () => {
    const url = `${sandbox.url}/datastore/organizations`;
    const good = sandbox.token("owner");
    const [header, payload, signature] = good.split(".") as [string, string, string];
    const none = `${jwtPart({ alg: "none", typ: "JWT" })}.${payload}.`;
    const otherIssuer = `${header}.${jwtPart({ ...jwtClaims(good), iss: "https://elsewhere/" })}.${signature}`;
    for (const token of [undefined, `${good.slice(0, -4)}AAAA`, none, otherIssuer]) {
      const answer = await raw(url, { token });
      assert.equal(answer.status, 401);
      assert.equal(answer.json.errors?.[0]?.error.type, "unauthorized");
    }
    assert.equal((await raw(url, { token: good })).status, 200);
  });

  test("requests Node cannot parse get the error-body shape too, and the sandbox stays up", async () => {
    const long = await raw(`${sandbox.url}/datastore/organizations/${"x".repeat(20_000)}`, {
      token: sandbox.token("member"),
    });
    assert.equal(long.status, 431);
    assert.equal(long.json.errors?.[0]?.error.type, "requestHeaderFieldsTooLarge");
    const { port } = new URL(sandbox.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket: Socket = connect(Number(port), "127.0.0.1", () => socket.end("NOT HTTP AT ALL\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.equal(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)).errors[0].error.type, "illegalArgument");
    assert.equal((await raw(`${sandbox.url}/datastore/organizations`, { token: sandbox.token("member") })).status, 200);
  });

  test("paths accept a trailing slash", async () => {
    const answer = await raw(`${sandbox.url}/datastore/organizations/${SAMPLE}/`, { token: sandbox.token("member") });
    assert.equal(answer.status, 200);
  });
});
