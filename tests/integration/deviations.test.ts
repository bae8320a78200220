import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { grantPermissions } from "../../lib/api/acl-data.js";
import { connectToOrganizationDatabase } from "../../lib/org-database.js";
import { DATASETS } from "../../sandbox/seed/datasets.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { repoRoot } from "../helpers/paths.js";
import { raw, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// docs/sandbox.md's deviation table, row by row, against the sandbox: each documented difference from the real
// server is what the sandbox does, and every checked difference is documented.

const ORGS = "/datastore/organizations";
const PEOPLE = DATASETS.people.entitySetId;
const INCIDENTS = DATASETS.incidents.entitySetId;
const MISSING = "00000000-0000-4000-8000-00000000dead";
let sandbox: TestSandbox;
let org: string;

before(async () => {
  sandbox = await startTestSandbox();
  const name = `Deviations${Date.now()}`;
  org = await sandbox
    .as("owner")
    .organizations.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
});
after(async () => {
  await sandbox?.stop();
});

/** The first column of each row of the table under "Where it deliberately differs from the real server". */
function documentedCases(): string[] {
  const doc = readFileSync(join(repoRoot, "docs", "sandbox.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Where it deliberately differs from the real server"));
  return section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| case |"))
    .map((line) => line.split(" | ")[0]!.slice(2).trim());
}

/** A raw call as a seeded user (the owner unless named). */
function call(
  method: string,
  path: string,
  init: { body?: string | Buffer; contentType?: string; as?: "owner" | "member" | "outsider" | "none" } = {},
) {
  const as = init.as ?? "owner";
  return raw(`${sandbox.url}${path}`, {
    method,
    body: init.body,
    contentType: init.contentType,
    token: as === "none" ? undefined : sandbox.token(as),
  });
}

async function expectError(
  answer: Promise<Awaited<ReturnType<typeof raw>>>,
  status: number,
  type: string,
  message?: RegExp,
) {
  const { status: got, json } = await answer;
  assert.equal(got, status);
  assert.equal(json.errors?.[0]?.error.type, type);
  if (message) assert.match(json.errors![0]!.message, message);
}

/** What a raw socket gets back for `request` (for what fetch will not send). */
function socketAnswer(request: string): Promise<string> {
  const url = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket: Socket = connect(Number(url.port), url.hostname, () => socket.write(request));
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

let assembled: Promise<unknown> | undefined;
/** demo_people materialized in the sample organization (once). */
const assemblePeople = () =>
  (assembled ??= sandbox.as("owner").organizations.assembleEntitySets(SAMPLE_ORGANIZATION.id, { [PEOPLE]: null }));

async function sql<T>(database: string, query: string, values: unknown[] = []): Promise<T[]> {
  const client = await sandbox.superuser(database);
  try {
    return (await client.query(query, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const CHECKS: Record<string, () => Promise<void>> = {
  "blank title on update": () =>
    expectError(
      call("PUT", `${ORGS}/${org}/title`, { body: "  ", contentType: "text/plain" }),
      400,
      "illegalArgument",
      /Title cannot be blank/,
    ),
  "database name characters": () =>
    expectError(
      call("PATCH", `${ORGS}/${org}/database`, { body: "bad name!", contentType: "text/plain" }),
      400,
      "illegalArgument",
    ),
  "JSON body where `text/plain` is expected": () =>
    expectError(
      call("PUT", `${ORGS}/${org}/title`, { body: '"x"', contentType: "application/json" }),
      415,
      "unsupportedMediaType",
    ),
  "malformed UUID in a path": () =>
    expectError(call("GET", `${ORGS}/not-a-uuid`), 400, "illegalArgument", /Invalid UUID string: not-a-uuid/),
  "unknown route / wrong method": async () => {
    await expectError(call("GET", "/datastore/no-such-thing"), 404, "resourceNotFound");
    await expectError(call("PATCH", ORGS), 405, "methodNotAllowed");
  },
  "body over 1 MiB": () =>
    expectError(
      call("POST", ORGS, { body: "x".repeat(1024 * 1024 + 1), contentType: "application/json" }),
      413,
      "payloadTooLarge",
    ),
  "URL or headers over 16 KB; unparsable HTTP": async () => {
    await expectError(call("GET", `/datastore/${"x".repeat(17_000)}`), 431, "requestHeaderFieldsTooLarge");
    const answer = await socketAnswer("NOT HTTP AT ALL\r\n\r\n");
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.match(answer, /"type":"illegalArgument"/);
  },
  "401 without a valid token": () => expectError(call("GET", ORGS, { as: "none" }), 401, "unauthorized"),
  "`members` and `roles` in a create body": async () => {
    const api = sandbox.as("owner").organizations;
    const name = `WithMembers${Date.now()}`;
    const id = await api.createOrganizationIfNotExists({
      title: name,
      principal: { type: "ORGANIZATION", id: name },
      members: [{ type: "USER", id: SEEDED_USERS.member.user_id }],
    });
    assert.deepEqual(
      (await api.getMembers(id)).map((m) => m.principal.principal.id),
      [SEEDED_USERS.owner.user_id],
    );
  },
  "unknown user when adding a member or giving or taking a role": async () => {
    await expectError(
      call("PUT", `${ORGS}/${org}/principals/members/auth0%7Cnobody`),
      404,
      "resourceNotFound",
      /User "auth0\|nobody" does not exist\./,
    );
    const admin = (await sandbox.as("owner").organizations.getOrganization(org)).adminRoleAclKey[1];
    await expectError(
      call("PUT", `${ORGS}/${org}/principals/roles/${admin}/members/auth0%7Cnobody`),
      404,
      "resourceNotFound",
    );
    await expectError(
      call("DELETE", `${ORGS}/${org}/principals/roles/${admin}/members/auth0%7Cnobody`),
      404,
      "resourceNotFound",
    );
  },
  "role body without `@class`": () =>
    expectError(
      call("POST", `${ORGS}/roles`, {
        body: JSON.stringify({ organizationId: org, principal: { type: "ROLE", id: `${org}|X` }, title: "X" }),
        contentType: "application/json",
      }),
      400,
      "illegalArgument",
      /@class/,
    ),
  "assemble, refresh, synchronize": async () => {
    const flags = (await assemblePeople()) as Record<string, string[]>;
    assert.ok(flags[PEOPLE]?.includes("MATERIALIZED"));
  },
  "assemble or synchronize of an unknown organization": async () => {
    await expectError(
      call("POST", `${ORGS}/${MISSING}/entity-sets/assemble`, { body: "{}", contentType: "application/json" }),
      500,
      "illegalState",
      /Organization \[.*\] does not exist\./,
    );
    await expectError(call("POST", `${ORGS}/${MISSING}/${PEOPLE}/synchronize`), 500, "illegalState", /does not exist/);
  },
  "refresh rate": async () => {
    await assemblePeople();
    await sandbox.as("owner").organizations.updateRefreshRate(SAMPLE_ORGANIZATION.id, PEOPLE, 5);
    const [row] = await sql<{ ms: string }>(
      "openlattice",
      "SELECT refresh_rate_ms AS ms FROM materialized_entity_sets WHERE entity_set_id = $1",
      [PEOPLE],
    );
    assert.equal(Number(row!.ms), 5 * 60_000);
  },
  "adding a property type to an entity type": async () => {
    const owner = sandbox.as("owner");
    const spare = await owner.edm.getPropertyTypeId("nc", "PersonMiddleName");
    await owner.edm.addPropertyTypeToEntityType(DATASETS.incidents.entityTypeId, spare);
    assert.ok((await owner.edm.getEntityType(DATASETS.incidents.entityTypeId)).properties.includes(spare));
  },
  "entity set metadata": async () => {
    // The member holds the sample organization's principal, which may only DISCOVER demo_incidents.
    assert.equal((await sandbox.as("member").entitySets.getEntitySet(INCIDENTS)).name, "demo_incidents");
  },
  "`GET /datastore/edm/**`": () =>
    expectError(
      call("GET", `/datastore/edm/entity/type/${DATASETS.people.entityTypeId}`, { as: "none" }),
      401,
      "unauthorized",
    ),
  "READ held by an organization principal": async () => {
    await assemblePeople();
    const owner = sandbox.as("owner");
    await owner.permissions.updateAcl(
      grantPermissions([PEOPLE], { type: "ORGANIZATION", id: SAMPLE_ORGANIZATION.principal.id }, ["READ"]),
    );
    const { username } = await sandbox.as("member").principals.getMaterializedViewAccount();
    const database = await owner.organizations.getOrganizationDatabaseName(SAMPLE_ORGANIZATION.id);
    const [row] = await sql<{ may: boolean }>(
      database,
      `SELECT has_table_privilege($1, 'openlattice."demo_people"', 'SELECT') AS may`,
      [username],
    );
    assert.equal(row!.may, false);
  },
  "writing entities without WRITE on a property type": async () => {
    const owner = sandbox.as("owner");
    const given = await owner.edm.getPropertyTypeId("nc", "PersonGivenName");
    await owner.permissions.updateAcl(
      grantPermissions([PEOPLE], { type: "USER", id: SEEDED_USERS.outsider.user_id }, ["READ"]),
    );
    const path = `/datastore/data/set/?setId=${PEOPLE}`;
    await expectError(
      call("POST", path, {
        as: "outsider",
        body: JSON.stringify([{ [given]: ["Ann"] }]),
        contentType: "application/json",
      }),
      401,
      "forbidden",
      new RegExp(`\\[${PEOPLE}, ${given}\\]`),
    );
  },
  "`EmailDomain` grant": async () => {
    const api = sandbox.as("owner").organizations;
    const name = `Domains${Date.now()}`;
    const id = await api.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
    const role = await api.createRole({
      organizationId: id,
      title: "Staff",
      principal: { type: "ROLE", id: `${id}|Staff` },
    });
    await api.updateRoleGrant(id, role, { grantType: "EmailDomain", mappings: ["anyone@example.org"] });
    assert.equal(SEEDED_USERS.member.app_metadata?.domains, undefined);
    await api.addMember(id, SEEDED_USERS.member.user_id);
    const member = (await api.getMembers(id)).find((m) => m.principal.principal.id === SEEDED_USERS.member.user_id)!;
    assert.ok(member.roles.some((r) => r.id === role));
  },
  "tables appearing in an organization's database": async () => {
    const owner = sandbox.as("owner");
    const db = await connectToOrganizationDatabase(owner, org);
    await db.query("CREATE TABLE staging.just_made (id integer)").finally(() => db.end());
    const tables = await owner.datasets.getOrganizationDataSets(org, { columns: false });
    assert.ok(tables.some((t) => t.schema === "staging" && t.name === "just_made"));
  },
  "the organization-database calls by table or column name, metadata updates, deletes, `pg_hba` records": async () => {
    const base = `/datastore/organization-database/${org}`;
    await expectError(call("GET", `${base}/visits/external-database-table`), 404, "resourceNotFound");
    await expectError(
      call("PATCH", `${base}/visits/person/external-database-column`, { body: "{}", contentType: "application/json" }),
      404,
      "resourceNotFound",
    );
    await expectError(
      call("DELETE", `${base}/external-database-table`, { body: "[]", contentType: "application/json" }),
      405,
      "methodNotAllowed",
    );
  },
  "preview row count": async () => {
    const data = `/datastore/organization-database/${org}/${MISSING}`;
    for (const count of ["0", "-1", "1001"])
      await expectError(
        call("GET", `${data}/${count}/data`),
        400,
        "illegalArgument",
        /rowCount must be a whole number from 1 to 1000/,
      );
  },
};

describe("docs/sandbox.md's deviation table", () => {
  test("every documented deviation has a check here, and every check a row", () => {
    assert.deepEqual(documentedCases().sort(), Object.keys(CHECKS).sort());
  });
  for (const [name, check] of Object.entries(CHECKS)) test(name, check);
});
