import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import pg from "pg";
import { DATASETS } from "../../sandbox/seed/datasets.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { repoRoot } from "../helpers/paths.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import type { SeededUserName } from "../../sandbox/seed/users.js";
import { runNotebook } from "../../tools/notebook/runner.js";

let sandbox: TestSandbox;
let outDir: string;

before(async () => {
  sandbox = await startTestSandbox();
  outDir = mkdtempSync(join(tmpdir(), "ol-notebooks-"));
});
after(async () => {
  await sandbox?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

/** Runs a notebook of notebooks/ in the tslab kernel against the test sandbox, as the owner unless told. */
async function run(name: string, user: SeededUserName = "owner") {
  const env = { OPENLATTICE_BASE_URL: sandbox.url, OPENLATTICE_JWT: sandbox.token(user) };
  const result = await runNotebook(join(repoRoot, "notebooks", name), { outDir, env });
  assert.ok(result.ok, `${name} failed at cell ${result.failedCell?.index}:\n${result.failedCell?.source}\n${result.failedCell?.errorText}`);
  const executed = readFileSync(join(outDir, name), "utf8");
  const outputs = JSON.parse(executed).cells.flatMap((cell: { outputs?: unknown[] }) => cell.outputs ?? []);
  return { executed, text: JSON.stringify(outputs) };
}

/** No executed output holds the token, any JWT-looking string, an integration credential or the user's database credential. */
async function assertNoSecrets(executed: string, user: SeededUserName = "owner") {
  assert.ok(!executed.includes(sandbox.token(user)), "token in the executed notebook");
  assert.doesNotMatch(executed, /eyJ[\w-]{10,}\.eyJ[\w-]{10,}/, "a JWT in the executed notebook");
  const account = await sandbox.as("owner").organizations.getOrganizationIntegrationAccount(SAMPLE_ORGANIZATION.id);
  assert.ok(!executed.includes(account.credential), "integration credential in the executed notebook");
  const login = await sandbox.as(user).principals.getMaterializedViewAccount();
  assert.ok(!executed.includes(login.credential), "database credential in the executed notebook");
}

/** How often a pattern occurs in the outputs. */
function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(new RegExp(pattern.source, "g"))].length;
}

test("00-configuration runs top to bottom and shows who you are without the token", async () => {
  const { executed, text } = await run("00-configuration.ipynb");
  assert.match(text, /accessToken: '\[redacted\]'/);
  assert.match(text, /Signed in as jordan\.lee@example\.org/);
  assert.match(text, /The token expires on \d{4}-/);
  assert.match(text, /OpenLattice Sample Organization/);
  assert.match(text, /organizationId must be a UUID/);
  await assertNoSecrets(executed);
});

test("01-organizations runs top to bottom, twice, and leaves the platform as it found it", async () => {
  const api = sandbox.as("owner").organizations;
  const organizationsBefore = await api.getOrganizations();
  for (let round = 0; round < 2; round++) {
    const { executed, text } = await run("01-organizations.ipynb");
    assert.match(text, /org_db_test_renamed/);
    assert.match(text, /Tutorial organization \(renamed\)/);
    assert.match(text, /credential: 29 characters \(not shown\)/);
    assert.match(text, /as before: true/);
    await assertNoSecrets(executed);
  }
  assert.deepEqual(await api.getOrganizations(), organizationsBefore);
  assert.equal(await api.getOrganizationDatabaseName(SAMPLE_ORGANIZATION.id), `org_${SAMPLE_ORGANIZATION.id.replaceAll("-", "")}`);
});

test("02-membership runs top to bottom, twice, and leaves every membership as it was", async () => {
  const { organizations, principals } = sandbox.as("owner");
  const organizationsBefore = await organizations.getOrganizations();
  const sampleMembersBefore = await organizations.getMembers(SAMPLE_ORGANIZATION.id);
  const login = await principals.getMaterializedViewAccount();
  for (let round = 0; round < 2; round++) {
    const { executed, text } = await run("02-membership.ipynb");
    assert.match(text, /Signed in as Jordan Lee <jordan\.lee@example\.org> \(auth0\|5e39a1c7d2f84a0012b3c402\)/);
    // getMembers before addMember and after removeMember; the filtered roles are this organization's admin role only
    assert.equal(count(text, /1 member\(s\): jordan\.lee@example\.org\\n/), 2);
    assert.match(text, /'jordan\.lee@example\.org' │ 'auth0\|5e39a1c7d2f84a0012b3c402' │ 'MembershipTutorial\d+ - ADMIN'/);
    // the unfiltered roles hold the sample organization's principal and admin role too
    assert.match(text, /'ORGANIZATION' │ 'OpenLattice Sample Organization'/);
    assert.match(text, /'ROLE'\s*│ 'OpenLatticeSampleOrg - ADMIN'/);
    assert.match(text, /Found Sam Patel \(google-oauth2\|104729384756102938475\)/);
    assert.match(text, /2 member\(s\): jordan\.lee@example\.org, sam\.patel@example\.org/);
    assert.match(text, new RegExp(`username: ${login.username}\\\\n`));
    assert.match(text, new RegExp(`credential: ${login.credential.length} characters \\(not shown\\)`));
    assert.match(text, /You are not a global admin\./);
    assert.equal(count(text, /PermissionError: Only admins are allowed to perform this action\./), 2);
    assert.match(text, /as before: true/);
    await assertNoSecrets(executed);
  }
  assert.deepEqual(await organizations.getOrganizations(), organizationsBefore);
  assert.deepEqual(await organizations.getMembers(SAMPLE_ORGANIZATION.id), sampleMembersBefore);

  // With an admin's token the e-mail domain calls succeed, and are undone.
  const adminOrganizationsBefore = await sandbox.as("admin").organizations.getOrganizations();
  const { executed, text } = await run("02-membership.ipynb", "admin");
  assert.match(text, /You are a global admin\./);
  assert.match(text, /domains set: \[ 'example\.org', 'example\.com' \]/);
  assert.match(text, /domains left: \[\]/);
  assert.doesNotMatch(text, /PermissionError/);
  assert.match(text, /as before: true/);
  await assertNoSecrets(executed, "admin");
  assert.deepEqual(await sandbox.as("admin").organizations.getOrganizations(), adminOrganizationsBefore);
});

test("03-roles runs top to bottom, twice, and leaves roles and memberships as they were", async () => {
  const { organizations, principals } = sandbox.as("owner");
  const organizationsBefore = await organizations.getOrganizations();
  const rolesBefore = await principals.getAvailableRoles();
  const sampleMembersBefore = await organizations.getMembers(SAMPLE_ORGANIZATION.id);
  const samRolesBefore = await sandbox.as("member").principals.getCurrentRoles();
  for (let round = 0; round < 2; round++) {
    const { executed, text } = await run("03-roles.ipynb");
    assert.match(text, /Sam Patel \(google-oauth2\|104729384756102938475\) is a member of [0-9a-f-]{36}/);
    // getRoles: the admin role alone, before createRole and after deleteRole
    assert.equal(count(text, /1 role\(s\): RolesTutorial\d+ - ADMIN\\n/), 2);
    assert.match(text, /answered another id\\n/);
    assert.match(text, /2 role\(s\): Analyst, RolesTutorial\d+ - ADMIN\\n/);
    assert.match(text, /'@class': 'com\.openlattice\.organization\.roles\.Role'/);
    assert.match(text, /principal: \{ type: 'ROLE', id: '[0-9a-f-]{36}\|Analyst' \}/);
    assert.match(text, /title: 'Data analyst'/);
    assert.match(text, /Reads and queries the organization's data/);
    assert.match(text, /1 user\(s\) hold the role: Sam Patel <sam\.patel@example\.org>/);
    assert.match(text, /'sam\.patel@example\.org'\s*│ 'Data analyst'/);
    assert.match(text, /0 user\(s\) hold the role\\n/);
    assert.match(text, /BadRequestError: Role \[[0-9a-f-]{36}, [0-9a-f-]{36}\] cannot be deleted because it is the organization's admin role\./);
    assert.match(text, /as before: true/);
    await assertNoSecrets(executed);
  }
  assert.deepEqual(await organizations.getOrganizations(), organizationsBefore);
  assert.deepEqual(await principals.getAvailableRoles(), rolesBefore);
  assert.deepEqual(await organizations.getMembers(SAMPLE_ORGANIZATION.id), sampleMembersBefore);
  assert.deepEqual(await sandbox.as("member").principals.getCurrentRoles(), samRolesBefore);
});

/** The outputs as printed: stream text and plain-text results, one after the other. */
function printed(executed: string): string {
  const outputs = JSON.parse(executed).cells.flatMap((cell: { outputs?: unknown[] }) => cell.outputs ?? []);
  const text = (value: unknown) => (Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "");
  return outputs.map((output: { text?: unknown; data?: Record<string, unknown> }) => text(output.text) + text(output.data?.["text/plain"])).join("");
}

test("04-assembly runs top to bottom, twice, and takes back its role and grants", async () => {
  const { organizations, permissions, edm } = sandbox.as("owner");
  const org = SAMPLE_ORGANIZATION.id;
  const people = DATASETS.people.entitySetId;
  const incidents = DATASETS.incidents.entitySetId;
  const rolesBefore = await organizations.getRoles(org);
  const aclsBefore = await permissions.getAcls([[people], [incidents]]);
  const samRolesBefore = await sandbox.as("member").principals.getCurrentRoles();
  const memberLogin = await sandbox.as("member").principals.getMaterializedViewAccount();
  const columns = "entity_set_id, id, nc.SubjectIdentification, nc.PersonGivenName, nc.PersonSurName, nc.PersonBirthDate, nc.PersonSex, ol.household_size";
  const readable = "entity_set_id, id, nc.PersonGivenName, nc.PersonSurName";
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (let round = 0; round < 2; round++) {
    const { executed } = await run("04-assembly.ipynb");
    const out = printed(executed);
    const has = (text: string) => assert.ok(out.includes(text), `not in the outputs: ${text}`);
    // 1-2: the entity sets by name; the organization may materialize demo_people only
    has(`demo_people: '${people}'`);
    has("demo_people\n  ORGANIZATION OpenLatticeSampleOrg: DISCOVER, MATERIALIZE\n");
    has("demo_incidents\n  ORGANIZATION OpenLatticeSampleOrg: DISCOVER\n");
    assert.doesNotMatch(out, /demo_incidents: (?:INTERNAL|EXTERNAL|MATERIALIZED|\w+_UNSYNCHRONIZED)/);
    // 3: assembled; before it, the first run sees EXTERNAL only, the second MATERIALIZED already
    assert.equal(count(out, /demo_people: EXTERNAL\n/), round === 0 ? 2 : 0);
    has(`{ '${people}': [ 'MATERIALIZED' ] }`);
    // 4: refused, naming the entity set
    has(`PermissionError: EntitySet [${incidents}] is not accessible by organization principal OpenLatticeSampleOrg .`);
    // 5: SQL as the integration account
    has(`login: 'ol-internal|organization|${org}'`);
    assert.match(out, /'P-000001'\s*│ 'Vera'\s*│ 'Walsh'\s*│ '1992-08-03'/);
    const before = Number(/(\d+) rows; columns: /.exec(out)?.[1]);
    assert.ok(before >= DATASETS.people.count, `rows before: ${before}`);
    has(`${before} rows; columns: ${columns}\n`);
    // 6: new entities, DATA_UNSYNCHRONIZED, the count unchanged until refreshed
    has("created 2 entities");
    has("demo_people: EXTERNAL, MATERIALIZED, DATA_UNSYNCHRONIZED\n");
    has(`${before} rows in the view, as before: true`);
    has(`${before + 2} rows in the view: before + 2: true`);
    assert.match(out, /'NB04-\w+-1'\s*│ 'Nora'\s*│ 'Fischer'/);
    // 7: the data-model change; on the second run the property type is there already
    if (round === 0) {
      has("added nc.PersonMiddleName to general.person");
      has("demo_people: EXTERNAL, MATERIALIZED, EDM_UNSYNCHRONIZED\n");
      has(`columns after:  ${columns}, nc.PersonMiddleName\n`);
      assert.doesNotMatch(out, /assembling again/);
    } else {
      has("general.person has nc.PersonMiddleName already");
      assert.doesNotMatch(out, /EDM_UNSYNCHRONIZED/);
      has("no data-model change was pending: assembling again");
    }
    has("demo_people, nc.PersonMiddleName\n  ORGANIZATION OpenLatticeSampleOrg: MATERIALIZE\n");
    has("nc.PersonMiddleName is a column of the view: true");
    // 8: the role's READ reaches the member's own login
    has(`ROLE ${org}|Analyst: READ`);
    has(`the Analyst role may select: ${readable}\n`);
    assert.match(out, new RegExp(`Sam Patel's login user\\d+ may select: ${escape(readable)}\n`));
    // 9: cleaned up, assembled again without the column
    has("Analyst role deleted: true; ACLs of demo_people and demo_incidents as before: true");
    assert.match(out, /Sam Patel's login user\d+ may select: nothing\n/);
    has(`\ncolumns: ${columns}\n${before + 2} rows\n`);
    await assertNoSecrets(executed);
    assert.ok(!executed.includes(memberLogin.credential), "the member's database credential in the executed notebook");
  }
  assert.deepEqual(await organizations.getRoles(org), rolesBefore);
  assert.deepEqual(await permissions.getAcls([[people], [incidents]]), aclsBefore);
  assert.deepEqual(await sandbox.as("member").principals.getCurrentRoles(), samRolesBefore);
  const middleName = await permissions.getAcl([people, await edm.getPropertyTypeId("nc", "PersonMiddleName")]);
  assert.ok(!middleName.aces.some((ace) => ace.principal.type === "ORGANIZATION"), "MATERIALIZE on nc.PersonMiddleName taken back");
  assert.deepEqual(await organizations.getOrganizationEntitySets(org), { [people]: ["EXTERNAL", "MATERIALIZED"] });

  // In the database: the seeded columns, two more rows per run; the member's own login may not read the view.
  const database = `org_${org.replaceAll("-", "")}`;
  const db = await sandbox.superuser(database);
  try {
    const view = await db.query("SELECT * FROM openlattice.demo_people");
    assert.equal(view.rowCount, DATASETS.people.count + 4);
    assert.equal(view.fields.map((field) => field.name).join(", "), columns);
  } finally {
    await db.end();
  }
  const memberDb = new pg.Client({ ...sandbox.postgres, database, user: memberLogin.username, password: memberLogin.credential });
  await memberDb.connect();
  try {
    await assert.rejects(memberDb.query('SELECT id, "nc.PersonGivenName" FROM openlattice.demo_people LIMIT 1'), /permission denied/);
  } finally {
    await memberDb.end();
  }
});
