import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { grantPermissions } from "../../lib/api/acl-data.js";
import type { OpenLattice } from "../../lib/connect.js";
import { InputError } from "../../lib/errors.js";
import { connectToOrganizationDatabase } from "../../lib/org-database.js";
import { applyOrganizationPlan } from "../../lib/org-as-code/apply.js";
import type { OrganizationDocument } from "../../lib/org-as-code/document.js";
import { exportOrganization } from "../../lib/org-as-code/export.js";
import { planOrganization } from "../../lib/org-as-code/plan.js";
import { readOrganizationDocument, toYaml } from "../../lib/org-as-code/yaml.js";
import { DATASETS } from "../../sandbox/seed/datasets.js";
import { EXTRA_USERS, SEEDED_USERS } from "../../sandbox/seed/users.js";
import { insertUser } from "../../sandbox/services/users.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// Organizations as code against the sandbox over real HTTP: export, plan, apply, and export again.

const PEOPLE = DATASETS.people.entitySetId;
const { member, owner: ownerUser } = SEEDED_USERS;
const [maya, daniel] = EXTRA_USERS as [(typeof EXTRA_USERS)[0], (typeof EXTRA_USERS)[0]];
let sandbox: TestSandbox;
let ol: OpenLattice;

/** A new organization of the owner's that may materialize demo_people (so it is one of its entity sets), with a table. */
async function organizationWithData(name = `OrgCode${Date.now()}${Math.floor(Math.random() * 1e6)}`) {
  const principal = { type: "ORGANIZATION" as const, id: name };
  const id = await ol.organizations.createOrganizationIfNotExists({ title: name, principal });
  await ol.permissions.updateAcl(grantPermissions([PEOPLE], principal, ["MATERIALIZE"]));
  const db = await connectToOrganizationDatabase(ol, id);
  await db.query("CREATE TABLE staging.visits (id integer PRIMARY KEY, person text)").finally(() => db.end());
  return id;
}

/** The document without its ids, which differ between organizations. */
function idsAside(document: OrganizationDocument) {
  const copy = structuredClone(document);
  delete copy.organization.id;
  copy.roles.items.forEach((role) => delete role.id);
  copy.entitySets.forEach((set) => delete set.id);
  return copy;
}

let source: string;
let sourceDocument: OrganizationDocument;

before(async () => {
  sandbox = await startTestSandbox();
  ol = sandbox.as("owner");
  source = await organizationWithData();
  const { organizations } = ol;
  await organizations.updateDescription(source, "The source of the clone");
  const analysts = await organizations.createRole({
    organizationId: source,
    title: "Analysts",
    description: "Read people",
    principal: { type: "ROLE", id: `${source}|Analysts` },
  });
  await organizations.createRole({
    organizationId: source,
    title: "Stewards",
    principal: { type: "ROLE", id: `${source}|Stewards` },
  });
  await organizations.updateRoleGrant(source, analysts, { grantType: "EmailDomain", mappings: ["anyone@example.org"] });
  for (const user of [member, maya]) await organizations.addMember(source, user.user_id);
  await organizations.addRoleToUser(source, analysts, member.user_id);
  const tables = await ol.datasets.getOrganizationDataSets(source, { columns: false });
  const visits = tables.find((table) => table.name === "visits")!;
  await ol.permissions.updateAcls([
    grantPermissions([PEOPLE], { type: "ROLE", id: `${source}|Analysts` }, ["READ"]),
    grantPermissions([visits.id], { type: "USER", id: maya.user_id }, ["READ", "WRITE"]),
  ]);
  sourceDocument = await exportOrganization(ol, source);
});
after(async () => {
  await sandbox?.stop();
});

describe("export", () => {
  test("the organization as a sorted document of roles, members, grants and permissions, without the admin role", () => {
    const doc = sourceDocument;
    assert.equal(doc.organization.id, source);
    assert.equal(doc.organization.description, "The source of the clone");
    assert.deepEqual(
      doc.roles.items.map((role) => role.title),
      ["Analysts", "Stewards"],
    );
    assert.deepEqual(doc.roles.items[0]!.grants, [
      { grantType: "EmailDomain", mappings: ["anyone@example.org"], attribute: "" },
    ]);
    assert.deepEqual(
      doc.members.items.map((m) => [m.email, m.roles]),
      [
        [ownerUser.email, []],
        [maya.email, ["Analysts"]],
        [member.email, ["Analysts"]], // Maya's e-mail domain has the Analysts grant
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    const permissions = doc.permissions.items.map(
      (p) => `${p.entitySet ?? p.table} ${p.role ?? p.member} ${p.permissions.join(",")}`,
    );
    assert.ok(permissions.includes(`${DATASETS.people.name} Analysts READ`), permissions.join("\n"));
    assert.ok(permissions.includes(`visits ${maya.email} READ,WRITE`), permissions.join("\n"));
  });

  test("YAML round trip keeps the document, and holds no credential", async () => {
    const yaml = toYaml(sourceDocument, { header: `exported from ${sandbox.url}` });
    assert.deepEqual(readOrganizationDocument(yaml), sourceDocument);
    const { credential } = await ol.organizations.getOrganizationIntegrationAccount(source);
    assert.ok(!yaml.includes(credential));
  });
});

describe("plan and apply", () => {
  test("applied to a new organization, export gives the same document ids aside; a second plan is empty", async () => {
    const target = await organizationWithData();
    const plan = await planOrganization(ol, sourceDocument, { organizationId: target });
    assert.equal(plan.organizationId, target);
    assert.deepEqual(plan.counts["create role"], 2);
    const progress: number[] = [];
    const result = await applyOrganizationPlan(ol, plan, { onProgress: (p) => progress.push(p.finished) });
    assert.deepEqual(
      result.counts,
      { done: plan.changes.length, failed: 0, skipped: 0, planned: 0 },
      JSON.stringify(result.rows.filter((r) => r.outcome !== "done")),
    );
    assert.equal(progress.at(-1), plan.changes.length);
    assert.deepEqual(idsAside(await exportOrganization(ol, target)), idsAside(sourceDocument));
    assert.deepEqual((await planOrganization(ol, sourceDocument, { organizationId: target })).changes, []);
  });

  test("a plan without an organization creates it, with its roles and members", async () => {
    const desired = readOrganizationDocument(`version: 1
organization: { title: Made from a file, description: new }
roles: { items: [{ title: Readers }] }
members: { items: [{ email: ${member.email}, roles: [Readers] }] }
`);
    const plan = await planOrganization(ol, desired);
    assert.equal(plan.organizationId, undefined);
    assert.deepEqual(
      plan.changes.map((c) => c.kind),
      ["create organization", "create role", "add member", "give role"],
    );
    const result = await applyOrganizationPlan(ol, plan);
    assert.equal(result.counts.done, 4, JSON.stringify(result.rows));
    await assert.rejects(
      applyOrganizationPlan(ol, plan),
      new RegExp(`plan created organization ${result.organizationId} already: plan again for it`),
    );
    const made = await exportOrganization(ol, result.organizationId!);
    assert.equal(made.organization.title, "Made from a file");
    assert.deepEqual(made.members.items.find((m) => m.email === member.email)?.roles, ["Readers"]);
    assert.deepEqual((await planOrganization(ol, desired, { organizationId: result.organizationId! })).changes, []);
  });

  test("prune removes members, roles and permissions the document leaves out", async () => {
    const target = await organizationWithData();
    await applyOrganizationPlan(ol, await planOrganization(ol, sourceDocument, { organizationId: target }));
    const desired = structuredClone(sourceDocument);
    desired.roles = { prune: true, items: desired.roles.items.filter((role) => role.title === "Analysts") };
    desired.members = {
      prune: true,
      items: desired.members.items.filter((m) => m.email !== maya.email).map((m) => ({ ...m, roles: [] })),
    };
    desired.permissions = { prune: true, items: desired.permissions.items.filter((p) => p.member !== maya.email) };
    const plan = await planOrganization(ol, desired, { organizationId: target });
    assert.deepEqual(
      plan.changes.map((c) => `${c.kind}: ${c.target}`),
      [
        `take role: ${member.email} · Analysts`,
        `revoke permission: table visits · member ${maya.email}`,
        `remove member: ${maya.email}`,
        "delete role: Stewards",
      ],
    );
    const result = await applyOrganizationPlan(ol, plan);
    assert.equal(result.counts.done, 4, JSON.stringify(result.rows));
    assert.deepEqual((await planOrganization(ol, desired, { organizationId: target })).changes, []);
  });

  test("a failed change skips the changes that need it, and the others go on", async () => {
    const target = await organizationWithData();
    const desired = readOrganizationDocument(`version: 1
roles: { items: [{ title: Broken, grants: [{ grantType: Attributes, mappings: [x] }] }, { title: Fine }] }
members: { items: [{ email: ${daniel.email}, roles: [Fine] }] }
`);
    const result = await applyOrganizationPlan(ol, await planOrganization(ol, desired, { organizationId: target }));
    const outcome = (kind: string) => result.rows.find((row) => row.kind === kind)!;
    assert.equal(outcome("set role grant").outcome, "failed");
    assert.match(outcome("set role grant").detail, /Attribute key must not be blank/);
    assert.equal(outcome("give role").outcome, "done");
  });

  test("a plan applied to another organization is refused, nothing changed", async () => {
    const target = await organizationWithData();
    const plan = await planOrganization(ol, sourceDocument, { organizationId: target });
    const before = await exportOrganization(ol, target);
    await assert.rejects(
      applyOrganizationPlan(ol, plan, { organizationId: source }),
      (e: unknown) => e instanceof InputError && /was made for organization/.test(e.message),
    );
    const forged = { ...plan, fingerprint: "0000000000000000" };
    await assert.rejects(applyOrganizationPlan(ol, forged), /fingerprint differs/);
    assert.deepEqual(await exportOrganization(ol, target), before);
  });

  test("an e-mail no user has is refused before anything is sent", async () => {
    const target = await organizationWithData();
    const before = await exportOrganization(ol, target);
    const desired = readOrganizationDocument(`version: 1
roles: { items: [{ title: Never }] }
members: { items: [{ email: nobody@example.net }] }
`);
    await assert.rejects(
      planOrganization(ol, desired, { organizationId: target }),
      /^OrganizationDocumentError: document line 3, members\.items\[0\]\.email: is an e-mail no user has, got "nobody@example\.net"$/,
    );
    assert.deepEqual(await exportOrganization(ol, target), before);
  });

  test("a dry run sends nothing and answers what it would do", async () => {
    const target = await organizationWithData();
    const plan = await planOrganization(ol, sourceDocument, { organizationId: target });
    const result = await applyOrganizationPlan(ol, plan, { dryRun: true });
    assert.equal(result.counts.planned, plan.changes.length);
    assert.deepEqual((await planOrganization(ol, sourceDocument, { organizationId: target })).changes, plan.changes);
  });
});

describe("members without an e-mail, tables of one name in two schemas", () => {
  // A service user as Auth0 has them: a profile without an e-mail. No route makes users (they come from Auth0),
  // so it goes into the sandbox's control database, as the seed puts the others.
  const service = { user_id: "auth0|6a1f0c9e5b2d4e7f8a9b0c1d", name: "Ingest Service", nickname: "ingest" };

  /** An organization with the service user as a member, and a second `visits` table, in schema openlattice. */
  async function organizationWithTwoVisits() {
    const id = await organizationWithData();
    const db = await connectToOrganizationDatabase(ol, id);
    await db.query("CREATE TABLE openlattice.visits (id integer)").finally(() => db.end());
    await ol.organizations.addMember(id, service.user_id);
    return id;
  }

  let twoVisits: string;
  before(async () => {
    const control = await sandbox.superuser("openlattice");
    await insertUser(control, service).finally(() => control.end());
    twoVisits = await organizationWithTwoVisits();
    const tables = await ol.datasets.getOrganizationDataSets(twoVisits, { columns: false });
    const inOpenlattice = tables.find((table) => table.schema === "openlattice" && table.name === "visits")!;
    await ol.permissions.updateAcl(
      grantPermissions([inOpenlattice.id], { type: "USER", id: service.user_id }, ["READ"]),
    );
  });

  test("export keys the member by user id with their name beside it, and each table by schema.name", async () => {
    const document = await exportOrganization(ol, twoVisits);
    assert.deepEqual(
      document.members.items.find((m) => m.userId === service.user_id),
      { userId: service.user_id, roles: [] },
    );
    const everything = "DISCOVER,MATERIALIZE,LINK,READ,WRITE,OWNER,INTEGRATE"; // the owner's, on what appears in the database
    assert.deepEqual(
      document.permissions.items
        .filter((p) => p.table !== undefined)
        .map((p) => `${p.table} ${p.member ?? p.role} ${p.permissions.join(",")}`),
      [
        `openlattice.visits ${service.user_id} READ`,
        `openlattice.visits ${ownerUser.email} ${everything}`,
        `staging.visits ${ownerUser.email} ${everything}`,
      ],
    );
    const yaml = toYaml(document);
    assert.match(yaml, /- userId: auth0\|6a1f0c9e5b2d4e7f8a9b0c1d # Ingest Service: no e-mail, matched by user id\n/);
    assert.deepEqual((await planOrganization(ol, readOrganizationDocument(yaml))).changes, []);
  });

  test("applied to another organization, the member is added by user id and the permission lands on its table", async () => {
    const document = await exportOrganization(ol, twoVisits);
    const target = await organizationWithData();
    const db = await connectToOrganizationDatabase(ol, target);
    await db.query("CREATE TABLE openlattice.visits (id integer)").finally(() => db.end());
    const plan = await planOrganization(ol, document, { organizationId: target });
    const planned = plan.changes.map((c) => `${c.kind}: ${c.target}`);
    assert.ok(planned.includes(`add member: ${service.user_id}`), planned.join("\n"));
    assert.ok(
      planned.includes(`grant permission: table openlattice.visits · member ${service.user_id}`),
      planned.join("\n"),
    );
    const result = await applyOrganizationPlan(ol, plan);
    assert.equal(
      result.counts.done,
      plan.changes.length,
      JSON.stringify(result.rows.filter((r) => r.outcome !== "done")),
    );
    assert.deepEqual(idsAside(await exportOrganization(ol, target)), idsAside(document));
    assert.deepEqual((await planOrganization(ol, document, { organizationId: target })).changes, []);
  });

  test("a plain table name of two schemas, and a user id no user has, are refused before anything is sent", async () => {
    const before = await exportOrganization(ol, twoVisits);
    const plainName = readOrganizationDocument(`version: 1
permissions: { items: [{ table: visits, member: ${service.user_id}, permissions: [WRITE] }] }
`);
    await assert.rejects(
      planOrganization(ol, plainName, { organizationId: twoVisits }),
      /^OrganizationDocumentError: document line 2, permissions\.items\[0\]\.table: names tables in 2 schemas \((openlattice|staging)\.visits and (openlattice|staging)\.visits\): write which, got "visits"$/,
    );
    const ghost = readOrganizationDocument(`version: 1
members: { items: [{ userId: auth0|0000000000000000000000ff }] }
`);
    await assert.rejects(
      planOrganization(ol, ghost, { organizationId: twoVisits }),
      /document line 2, members\.items\[0\]\.userId: is a user id no user has, got "auth0\|0000000000000000000000ff"$/,
    );
    assert.deepEqual(await exportOrganization(ol, twoVisits), before);
  });
});
