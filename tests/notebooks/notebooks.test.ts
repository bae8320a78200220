import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { defaultDatabaseName, integrationLogin } from "../../sandbox/naming.js";
import { DATASETS } from "../../sandbox/seed/datasets.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { count, printed, startNotebookSandbox, type NotebookRunner } from "../helpers/notebooks.js";
import type { TestSandbox } from "../helpers/sandbox.js";
import type { SeededUserName } from "../../sandbox/seed/users.js";

let sandbox: TestSandbox;
let notebooks: NotebookRunner;
let stop: () => Promise<void>;
before(async () => ({ sandbox, notebooks, stop } = await startNotebookSandbox()));
after(() => stop?.());

const run = (name: string, user?: SeededUserName) => notebooks.run(name, user);
const assertNoSecrets = (executed: string, user?: SeededUserName) => notebooks.assertNoSecrets(executed, user);

test("00-configuration runs top to bottom and shows who you are without the token", async () => {
  const { executed, out, html } = await run("00-configuration.ipynb");
  assert.match(out, /accessToken: '\[redacted\]'/);
  assert.match(out, /Signed in as jordan\.lee@example\.org/);
  assert.match(out, /The token expires on \d{4}-/);
  // getOrganizations as a table, in HTML and in plain text
  assert.match(out, /\d+ organizations\ntitle +id +principal +members +roles +description\n/);
  assert.match(
    out,
    /\nOpenLattice Sample Organization +279b202f-6170-4f14-b021-ea904f758e27 +OpenLatticeSampleOrg +\d+ +\d+ /,
  );
  assert.match(html, /<td>OpenLattice Sample Organization<\/td><td>279b202f-6170-4f14-b021-ea904f758e27<\/td>/);
  // the error blocks
  assert.match(out, /InputError\n {2}message: organizationId must be a UUID, got "not-a-uuid"/);
  assert.match(
    out,
    /ServerError · HTTP 500\n {2}message: +Organization \[0{8}-0{4}-4000-8000-0{12}\] does not exist\.\n {2}request: +GET \/datastore\/organizations\/0{8}-0{4}-4000-8000-0{12}\n {2}request id: +\S+/,
  );
  assert.match(html, /<div class="ol-display ol-card ol-error">/);
  await assertNoSecrets(executed);
});

test("01-organizations runs top to bottom, twice, and leaves the platform as it found it", async () => {
  const api = sandbox.as("owner").organizations;
  const organizationsBefore = await api.getOrganizations();
  for (let round = 0; round < 2; round++) {
    const { executed, out } = await run("01-organizations.ipynb");
    assert.match(out, /\d+ organizations\ntitle +id +principal +members +roles +description\n/);
    // the organization's card, before and after the new title and description
    assert.match(
      out,
      /Tutorial organization\n {2}id: +[0-9a-f-]{36}\n {2}principal: +TutorialOrg\d+\n {2}description: +Created by the 01-organizations notebook\n {2}members: +1\n {2}roles: +TutorialOrg\d+ - ADMIN\n {2}e-mail domains: none/,
    );
    assert.match(
      out,
      /Tutorial organization \(renamed\)\n[^]*description: +Title and description changed from TypeScript\n/,
    );
    assert.match(out, /org_db_test_renamed/);
    assert.match(out, /credential: 29 characters \(not shown\)/);
    assert.match(out, /ServerError · HTTP 500\n {2}message: +Organization \[[0-9a-f-]{36}\] does not exist\./);
    await assertNoSecrets(executed);
    assert.deepEqual(await api.getOrganizations(), organizationsBefore);
  }
  assert.equal(
    await api.getOrganizationDatabaseName(SAMPLE_ORGANIZATION.id),
    defaultDatabaseName(SAMPLE_ORGANIZATION.id),
  );
});

test("02-membership runs top to bottom, twice, and leaves every membership as it was", async () => {
  const { organizations, principals } = sandbox.as("owner");
  const organizationsBefore = await organizations.getOrganizations();
  const sampleMembersBefore = await organizations.getMembers(SAMPLE_ORGANIZATION.id);
  const login = await principals.getMaterializedViewAccount();
  for (let round = 0; round < 2; round++) {
    const { executed, out } = await run("02-membership.ipynb");
    assert.match(out, /Signed in as Jordan Lee <jordan\.lee@example\.org> \(auth0\|5e39a1c7d2f84a0012b3c402\)/);
    // getMembers before addMember and after removeMember; the filtered roles are this organization's admin role only
    const jordan =
      /Jordan Lee +jordan\.lee@example\.org +auth0\|5e39a1c7d2f84a0012b3c402 +MembershipTutorial\d+ - ADMIN/;
    assert.equal(
      count(out, new RegExp(`(?:^|\\n)1 member\\nname +email +user id +roles\\n-[- ]+\\n${jordan.source}(?:\\n|$)`)),
      2,
    );
    // the unfiltered roles hold the sample organization's principal and admin role too
    assert.match(out, /Everything you hold · \d+ principals\ntype +title +principal +id\n/);
    assert.match(out, /\nORGANIZATION +OpenLattice Sample Organization +OpenLatticeSampleOrg +279b202f-/);
    assert.match(
      out,
      /\nROLE +OpenLatticeSampleOrg - ADMIN +279b202f-6170-4f14-b021-ea904f758e27\|OpenLatticeSampleOrg - ADMIN /,
    );
    assert.match(out, /Found Sam Patel \(google-oauth2\|104729384756102938475\)/);
    assert.match(
      out,
      new RegExp(
        `2 members\\n[^]*\\n${jordan.source}\\nSam Patel +sam\\.patel@example\\.org +google-oauth2\\|104729384756102938475\\n`,
      ),
    );
    assert.match(out, new RegExp(`username: ${login.username}\\n`));
    assert.match(out, new RegExp(`credential: ${login.credential.length} characters \\(not shown\\)`));
    assert.match(out, /You are not a global admin\./);
    const refused =
      /PermissionError · HTTP 401\n {2}message: +Only admins are allowed to perform this action\.\n {2}request: +(PUT|DELETE) \/datastore\/organizations\/[0-9a-f-]{36}\/email-domains\n {2}request id: +\S+\n {2}hint: +you lack the permission this call needs \(member\/owner\/admin\)/;
    assert.equal(count(out, refused), 2);
    await assertNoSecrets(executed);
    assert.deepEqual(await organizations.getOrganizations(), organizationsBefore);
    assert.deepEqual(await organizations.getMembers(SAMPLE_ORGANIZATION.id), sampleMembersBefore);
  }

  // With an admin's token the e-mail domain calls succeed, and are undone.
  const adminOrganizationsBefore = await sandbox.as("admin").organizations.getOrganizations();
  const { executed, text } = await run("02-membership.ipynb", "admin");
  assert.match(text, /You are a global admin\./);
  assert.match(text, /domains set: \[ 'example\.org', 'example\.com' \]/);
  assert.match(text, /domains left: \[\]/);
  assert.doesNotMatch(text, /PermissionError/);
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
    const { executed, out } = await run("03-roles.ipynb");
    assert.match(out, /Sam Patel \(google-oauth2\|104729384756102938475\) is a member of [0-9a-f-]{36}/);
    // getRoles: the admin role alone, before createRole and after deleteRole
    const admin =
      /RolesTutorial\d+ - ADMIN +Administrators of this organization +[0-9a-f-]{36}\|RolesTutorial\d+ - ADMIN +[0-9a-f-]{36}/;
    assert.equal(
      count(out, new RegExp(`(?:^|\\n)1 role\\ntitle +description +principal +id\\n-[- ]+\\n${admin.source}`)),
      2,
    );
    assert.match(out, /answered another id\n/);
    assert.match(
      out,
      new RegExp(
        `2 roles\\n[^]*\\nAnalyst +Reads the organization's data +[0-9a-f-]{36}\\|Analyst +[0-9a-f-]{36}\\n${admin.source}`,
      ),
    );
    assert.match(out, /'@class': 'com\.openlattice\.organization\.roles\.Role'/);
    assert.match(out, /principal: \{ type: 'ROLE', id: '[0-9a-f-]{36}\|Analyst' \}/);
    assert.match(out, /title: 'Data analyst'/);
    assert.match(out, /Reads and queries the organization's data/);
    assert.match(
      out,
      /Holders of the role · 1 user\nname +email +user id\n-[- ]+\nSam Patel +sam\.patel@example\.org +google-oauth2\|104729384756102938475/,
    );
    assert.match(out, /\nSam Patel +sam\.patel@example\.org +google-oauth2\|104729384756102938475 +Data analyst/);
    assert.match(out, /Holders of the role\n\(none\)/);
    assert.match(
      out,
      /BadRequestError · HTTP 400\n {2}message: +Role \[[0-9a-f-]{36}, [0-9a-f-]{36}\] cannot be deleted because it is the organization's admin role\./,
    );
    // the automatic role: its grant in the organization, then given to the user who joins and to no one already in
    assert.match(out, /Automatic: \{ grantType: 'Automatic', mappings: \[\], attribute: '' \}/);
    assert.match(out, /\nMaya Okafor +maya\.okafor@example\.org +auth0\|6927dd6a2950202251c4c2f8 +Newcomer\n/);
    assert.match(out, /\nSam Patel +sam\.patel@example\.org +google-oauth2\|104729384756102938475 *\n/);
    await assertNoSecrets(executed);
    assert.deepEqual(await organizations.getOrganizations(), organizationsBefore);
    assert.deepEqual(await principals.getAvailableRoles(), rolesBefore);
    assert.deepEqual(await organizations.getMembers(SAMPLE_ORGANIZATION.id), sampleMembersBefore);
    assert.deepEqual(await sandbox.as("member").principals.getCurrentRoles(), samRolesBefore);
  }
});

test("04-assembly runs top to bottom, twice, and takes back its role and grants", async () => {
  const { organizations, permissions, edm } = sandbox.as("owner");
  const org = SAMPLE_ORGANIZATION.id;
  const people = DATASETS.people.entitySetId;
  const incidents = DATASETS.incidents.entitySetId;
  const rolesBefore = await organizations.getRoles(org);
  const aclsBefore = await permissions.getAcls([[people], [incidents]]);
  const samRolesBefore = await sandbox.as("member").principals.getCurrentRoles();
  const memberLogin = await sandbox.as("member").principals.getMaterializedViewAccount();
  const columns =
    "entity_set_id, id, nc.SubjectIdentification, nc.PersonGivenName, nc.PersonSurName, nc.PersonBirthDate, nc.PersonSex, ol.household_size";
  const readable = "entity_set_id, id, nc.PersonGivenName, nc.PersonSurName";
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const database = defaultDatabaseName(org);
  // The columns of the view the member's own login may select, as PostgreSQL itself says.
  const memberMaySelect = async () => {
    const db = await sandbox.superuser(database);
    try {
      const { fields } = await db.query("SELECT * FROM openlattice.demo_people LIMIT 0");
      const { rows } = await db.query(
        "SELECT c FROM unnest($2::text[]) AS c WHERE has_column_privilege($1, 'openlattice.demo_people', c, 'SELECT')",
        [memberLogin.username, fields.map((field) => field.name)],
      );
      return rows.map((row) => row.c as string).join(", ");
    } finally {
      await db.end();
    }
  };
  for (let round = 0; round < 2; round++) {
    const selectable: Record<string, string> = {};
    const { executed } = await notebooks.run("04-assembly.ipynb", "owner", async (source) => {
      if (source.includes(".addRoleToUser(")) selectable.withRole = await memberMaySelect();
      if (source.includes(".deleteRole(")) selectable.cleanedUp = await memberMaySelect();
    });
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
    has(
      `PermissionError · HTTP 401\n  message:    EntitySet [${incidents}] is not accessible by organization principal OpenLatticeSampleOrg .\n`,
    );
    // 5: SQL as the integration account
    has(`login: '${integrationLogin(org)}'`);
    assert.match(out, /openlattice\.demo_people · 5 rows\n[^]*\nP-000001 +Vera +Walsh +1992-08-03 /);
    const before = Number(/(\d+) rows; columns: /.exec(out)?.[1]);
    assert.ok(before >= DATASETS.people.count, `rows before: ${before}`);
    has(`${before} rows; columns: ${columns}\n`);
    // 6: new entities, DATA_UNSYNCHRONIZED, the count unchanged until refreshed
    has("created 2 entities");
    has("demo_people: EXTERNAL, MATERIALIZED, DATA_UNSYNCHRONIZED\n");
    has(`${before} rows in the view, as before: true`);
    has(`${before + 2} rows in the view: before + 2: true`);
    assert.match(out, /The new people in the view · 2 rows\n[^]*\nNB04-\w+-1 +Nora +Fischer\n/);
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
    assert.match(out, new RegExp(`ROLE ${escape(org)}\\|Analyst-\\w+: READ`));
    assert.equal(selectable.withRole, readable);
    // 9: cleaned up, assembled again without the column
    assert.equal(selectable.cleanedUp, "");
    has(`\ncolumns: ${columns}\n${before + 2} rows\n`);
    await assertNoSecrets(executed);
    assert.ok(!executed.includes(memberLogin.credential), "the member's database credential in the executed notebook");
    assert.deepEqual(await organizations.getRoles(org), rolesBefore);
    assert.deepEqual(await permissions.getAcls([[people], [incidents]]), aclsBefore);
    assert.deepEqual(await sandbox.as("member").principals.getCurrentRoles(), samRolesBefore);
  }
  const middleName = await permissions.getAcl([people, await edm.getPropertyTypeId("nc", "PersonMiddleName")]);
  assert.ok(
    !middleName.aces.some((ace) => ace.principal.type === "ORGANIZATION"),
    "MATERIALIZE on nc.PersonMiddleName taken back",
  );
  assert.deepEqual(await organizations.getOrganizationEntitySets(org), { [people]: ["EXTERNAL", "MATERIALIZED"] });

  // In the database: the seeded columns, two more rows per run; the member's own login may not read the view.
  const db = await sandbox.superuser(database);
  try {
    const view = await db.query("SELECT * FROM openlattice.demo_people");
    assert.equal(view.rowCount, DATASETS.people.count + 4);
    assert.equal(view.fields.map((field) => field.name).join(", "), columns);
  } finally {
    await db.end();
  }
  const memberDb = new pg.Client({
    ...sandbox.postgres,
    database,
    user: memberLogin.username,
    password: memberLogin.credential,
  });
  await memberDb.connect();
  try {
    await assert.rejects(
      memberDb.query('SELECT id, "nc.PersonGivenName" FROM openlattice.demo_people LIMIT 1'),
      /permission denied/,
    );
  } finally {
    await memberDb.end();
  }
});

test("06-organization-database runs top to bottom, twice: a role's READ on two columns reaches the preview and SQL; nothing is left behind", async () => {
  const { organizations } = sandbox.as("owner");
  const organizationsBefore = await organizations.getOrganizations();
  const control = await sandbox.superuser("openlattice");
  const tableRows = async () => (await control.query("SELECT count(*)::int AS n FROM org_tables")).rows[0].n as number;
  const tableAces = async () =>
    (
      await control.query(
        "SELECT count(*)::int AS n FROM aces a WHERE NOT EXISTS (SELECT 1 FROM principals p WHERE p.id = a.acl_key[1]) AND NOT EXISTS (SELECT 1 FROM entity_sets s WHERE s.id = a.acl_key[1]) AND NOT EXISTS (SELECT 1 FROM property_types t WHERE t.id = a.acl_key[1]) AND NOT EXISTS (SELECT 1 FROM entity_types t WHERE t.id = a.acl_key[1])",
      )
    ).rows[0].n as number;
  try {
    const [tablesBefore, acesBefore] = [await tableRows(), await tableAces()];
    for (let round = 0; round < 2; round++) {
      const { executed, out } = await run("06-organization-database.ipynb");
      // the listing and the owner's preview of all four columns
      assert.match(out, /schema +table +id +columns\n-[- ]+\nstaging +visits +[0-9a-f-]{36} +4\n/);
      assert.match(out, /staging\.visits · 5 rows\nid +person +diagnosis +clinic\n-[- ]+\n1 +Ann Lee +asthma +North\n/);
      // what the caller may read through the role, and why
      assert.match(
        out,
        /column +READ +OWNER\n-[- ]+\nid +false +true\nperson +true +true\ndiagnosis +false +true\nclinic +true +true\n/,
      );
      assert.match(
        out,
        /path\n-+\nROLE Clinicians → USER auth0\|5e39a1c7d2f84a0012b3c402\nROLE OrgDatabaseTutorial\d+ - ADMIN → USER auth0\|5e39a1c7d2f84a0012b3/,
      );
      assert.match(out, /staging\.visits, as a clinician · 5 rows\nperson +clinic\n-[- ]+\nAnn Lee +North\n/);
      // SQL as the caller's own login: the two columns, and PostgreSQL's refusal of the third
      assert.match(
        out,
        /as your login · 3 rows\nperson +clinic\n-[- ]+\nAnn Lee +North\nBo Chen +South\nCy Diaz +North\n/,
      );
      assert.match(out, /refused: permission denied for table visits/);
      await assertNoSecrets(executed);
      assert.deepEqual(await organizations.getOrganizations(), organizationsBefore);
      assert.equal(await tableRows(), tablesBefore, "the organization's tables are forgotten with it");
      assert.equal(await tableAces(), acesBefore, "no permission on its tables or columns is left");
    }
  } finally {
    await control.end();
  }
});
