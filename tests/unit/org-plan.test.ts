import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toText } from "../../lib/display/text.js";
import { toView } from "../../lib/display/show.js";
import { InputError } from "../../lib/errors.js";
import { CHANGE_KINDS, diffOrganizations, type DiffLookups } from "../../lib/org-as-code/diff.js";
import type { OrganizationPlan } from "../../lib/org-as-code/plan.js";
import { validateOrganizationDocument } from "../../lib/org-as-code/yaml.js";

// The diff engine over documents: what changes, in which order, and what prune removes.

const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const PEOPLE = "0c8be4b7-0bd5-4dd1-a623-da78871c9d0e";
const VISITS = "5e2762e6-bfac-44c9-808a-97fe75c80ded";
const lookups: DiffLookups = {
  users: { "alice@example.com": "auth0|alice", "bob@example.com": "auth0|bob", "carol@example.com": "auth0|carol" },
  entitySets: { people: PEOPLE },
  tables: [{ id: VISITS, name: "visits", schema: "staging" }],
  roles: {
    Analysts: { id: "a0000000-0000-0000-0000-000000000001", principalId: `${ORG}|Analysts` },
    Old: { id: "a0000000-0000-0000-0000-000000000002", principalId: `${ORG}|Old` },
  },
};

/** The live organization: two roles, two members, two permissions. */
const live = validateOrganizationDocument({
  version: 1,
  organization: { id: ORG, title: "Tutorial", description: "", emailDomains: ["example.com"] },
  roles: { items: [{ title: "Analysts", id: lookups.roles.Analysts!.id }, { title: "Old" }] },
  members: {
    items: [
      { email: "alice@example.com", userId: "auth0|alice", roles: ["Analysts", "Old"] },
      { email: "bob@example.com", userId: "auth0|bob", roles: [] },
    ],
  },
  entitySets: [{ name: "people" }],
  permissions: {
    items: [
      { entitySet: "people", role: "Analysts", permissions: ["READ"] },
      { table: "visits", member: "bob@example.com", permissions: ["READ", "WRITE"] },
    ],
  },
});

const desired = (changes: object) => validateOrganizationDocument({ ...structuredClone(live), ...changes });
const kinds = (changes: { kind: string; target: string }[]) => changes.map((c) => `${c.kind}: ${c.target}`);

describe("diffOrganizations", () => {
  it("finds nothing to do when the document is the live state", () => {
    assert.deepEqual(diffOrganizations(live, live, lookups), []);
  });

  it("adds what is missing and leaves the rest without prune", () => {
    const changes = diffOrganizations(
      live,
      desired({
        roles: { items: [{ title: "Analysts" }, { title: "Stewards", description: "Keep the data" }] },
        members: { items: [{ email: "carol@example.com", roles: ["Stewards", "Analysts"] }] },
        permissions: {
          items: [
            { entitySet: "people", role: "Analysts", permissions: ["READ", "WRITE"] },
            { table: "visits", role: "Stewards", permissions: ["READ"] },
          ],
        },
      }),
      lookups,
    );
    assert.deepEqual(kinds(changes), [
      "create role: Stewards",
      "add member: carol@example.com",
      "give role: carol@example.com · Stewards",
      "give role: carol@example.com · Analysts",
      "grant permission: entitySet people · role Analysts",
      "grant permission: table visits · role Stewards",
    ]);
    const grant = changes[4]!;
    assert.deepEqual([grant.before, grant.after, grant.permissions], ["READ", "READ, WRITE", ["WRITE"]]);
    assert.deepEqual(changes[2]!.needs, ["add member carol@example.com", "create role Stewards"]);
    assert.deepEqual(changes[3]!.needs, ["add member carol@example.com"], "Analysts exists already");
  });

  it("removes only in sections marked prune, removals last, in their order", () => {
    const changes = diffOrganizations(
      live,
      desired({
        roles: { prune: true, items: [{ title: "Analysts" }] },
        members: { prune: true, items: [{ email: "alice@example.com", roles: [] }, { email: "carol@example.com" }] },
        permissions: { prune: true, items: [{ entitySet: "people", role: "Analysts", permissions: ["READ"] }] },
      }),
      lookups,
    );
    assert.deepEqual(kinds(changes), [
      "add member: carol@example.com",
      "take role: alice@example.com · Analysts",
      "take role: alice@example.com · Old",
      "revoke permission: table visits · member bob@example.com",
      "remove member: bob@example.com",
      "delete role: Old",
    ]);
    const order = changes.map((c) => CHANGE_KINDS.indexOf(c.kind));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
  });

  it("prune never removes whoever applies the plan", () => {
    const changes = diffOrganizations(
      live,
      desired({ members: { prune: true, items: [{ email: "alice@example.com", roles: ["Analysts", "Old"] }] } }),
      { ...lookups, caller: "auth0|bob" },
    );
    assert.deepEqual(changes, []);
  });

  it("without prune, the same document removes nothing", () => {
    const changes = diffOrganizations(
      live,
      desired({
        roles: { items: [] },
        members: { items: [{ email: "alice@example.com", roles: [] }] },
        permissions: { items: [] },
      }),
      lookups,
    );
    assert.deepEqual(changes, []);
  });

  it("revokes only the permissions a complete permission list leaves out", () => {
    const changes = diffOrganizations(
      live,
      desired({
        permissions: {
          prune: true,
          items: [
            ...live.permissions.items.slice(0, 1),
            { table: "visits", member: "bob@example.com", permissions: ["READ"] },
          ],
        },
      }),
      lookups,
    );
    assert.deepEqual(
      changes.map((c) => [c.kind, c.permissions, c.after]),
      [["revoke permission", ["WRITE"], "READ"]],
    );
  });

  it("updates the organization's fields only where the document gives them", () => {
    const changes = diffOrganizations(
      live,
      desired({ organization: { title: "Renamed", emailDomains: ["example.org", "example.com"] } }),
      lookups,
    );
    assert.deepEqual(
      changes.map((c) => [c.kind, c.before, c.after]),
      [
        ["update title", "Tutorial", "Renamed"],
        ["set e-mail domains", "example.com", "example.com, example.org"],
      ],
    );
  });

  it("plans a new organization with everything needing it", () => {
    const changes = diffOrganizations(undefined, live, { ...lookups, roles: {} });
    assert.equal(changes[0]!.kind, "create organization");
    assert.ok(
      changes
        .slice(1)
        .every(
          (c) =>
            c.needs.includes("create organization") ||
            c.needs.some((need) => need.startsWith("create role") || need.startsWith("add member")),
        ),
    );
    assert.deepEqual(kinds(changes).slice(1, 3), ["create role: Analysts", "create role: Old"]);
  });

  it("refuses a role, e-mail, entity set or table it cannot resolve, naming the key", () => {
    const refused = (changes: object, pattern: RegExp) =>
      assert.throws(
        () => diffOrganizations(live, desired(changes), lookups),
        (e: unknown) => e instanceof InputError && pattern.test(e.message),
      );
    refused(
      { members: { items: [{ email: "alice@example.com", roles: ["Nobody"] }] } },
      /members\.items\[0\]\.roles\[0\] names no role/,
    );
    refused(
      { members: { items: [{ email: "zed@example.com" }] } },
      /members\.items\[0\]\.email is an e-mail no user has/,
    );
    refused(
      { permissions: { items: [{ entitySet: "elsewhere", role: "Analysts", permissions: ["READ"] }] } },
      /permissions\.items\[0\]\.entitySet names no entity set/,
    );
    refused(
      { permissions: { items: [{ table: "nope", role: "Analysts", permissions: ["READ"] }] } },
      /permissions\.items\[0\]\.table names no table/,
    );
  });
});

describe("members without an e-mail", () => {
  /** The live organization with one more member, a service user known by id only, who may write visits. */
  const withBot = desired({
    members: { items: [...live.members.items, { userId: "auth0|bot", roles: ["Analysts"] }] },
    permissions: {
      items: [...live.permissions.items, { table: "visits", member: "auth0|bot", permissions: ["WRITE"] }],
    },
  });
  const botLookups = { ...lookups, users: { ...lookups.users, "auth0|dana": "auth0|dana" } };

  it("matches them by user id: their own document plans nothing", () => {
    assert.deepEqual(diffOrganizations(withBot, withBot, botLookups), []);
  });

  it("adds one by user id, gives roles and grants permissions to it, and prune removes it by user id", () => {
    const changes = diffOrganizations(
      withBot,
      desired({
        members: {
          prune: true,
          items: [...live.members.items, { userId: "auth0|dana", roles: ["Analysts"] }],
        },
        permissions: { items: [{ table: "visits", member: "auth0|dana", permissions: ["READ"] }] },
      }),
      botLookups,
    );
    assert.deepEqual(kinds(changes), [
      "add member: auth0|dana",
      "give role: auth0|dana · Analysts",
      "grant permission: table visits · member auth0|dana",
      "remove member: auth0|bot",
    ]);
    assert.deepEqual(changes[0]!.user, { name: "auth0|dana", userId: "auth0|dana" });
    assert.deepEqual(changes[2]!.needs, ["add member auth0|dana"]);
    assert.deepEqual(changes[3]!.user, { name: "auth0|bot", userId: "auth0|bot" });
  });

  it("knows a member named by user id and by e-mail as one user", () => {
    const byId = desired({
      members: { items: [{ userId: "auth0|alice", roles: ["Analysts", "Old"] }] },
      permissions: { prune: true, items: [{ table: "visits", member: "auth0|bob", permissions: ["READ", "WRITE"] }] },
    });
    assert.deepEqual(
      kinds(diffOrganizations(live, byId, lookups)),
      ["revoke permission: entitySet people · role Analysts"],
      "bob's permission by user id is the one live by e-mail",
    );
    assert.throws(
      () =>
        diffOrganizations(
          live,
          desired({ members: { items: [{ email: "Alice@example.com" }, { userId: "auth0|alice" }] } }),
          lookups,
        ),
      /members\.items\[1\]\.userId names the same user as members\.items\[0\]\.email \(auth0\|alice\)/,
    );
  });

  it("refuses a user id no user has, naming the key", () => {
    assert.throws(
      () => diffOrganizations(live, desired({ members: { items: [{ userId: "auth0|ghost" }] } }), lookups),
      (e: unknown) =>
        e instanceof InputError &&
        /members\.items\[0\]\.userId is a user id no user has, got "auth0\|ghost"/.test(e.message),
    );
    assert.throws(
      () =>
        diffOrganizations(
          live,
          desired({ permissions: { items: [{ table: "visits", member: "auth0|ghost", permissions: ["READ"] }] } }),
          lookups,
        ),
      /permissions\.items\[0\]\.member is a user id no user has/,
    );
  });
});

describe("tables of one name in two schemas", () => {
  const NOTES = "5e2762e6-bfac-44c9-808a-97fe75c80d01";
  const twoVisits: DiffLookups = {
    ...lookups,
    tables: [...lookups.tables, { id: NOTES, name: "visits", schema: "openlattice" }],
  };
  /** The live organization as export writes it then: bob's permission on `staging.visits`. */
  const liveTwo = desired({
    permissions: { items: [{ table: "staging.visits", member: "bob@example.com", permissions: ["READ", "WRITE"] }] },
  });
  const grant = (table: string) =>
    desired({ permissions: { items: [{ table, role: "Analysts", permissions: ["READ"] }] } });

  it("names each by schema.name; a plain name of both is an error naming both", () => {
    const on = (table: string) => diffOrganizations(liveTwo, grant(table), twoVisits).map((c) => c.object);
    assert.deepEqual(on("staging.visits"), [{ type: "table", name: "staging.visits", id: VISITS }]);
    assert.deepEqual(on("openlattice.visits"), [{ type: "table", name: "openlattice.visits", id: NOTES }]);
    assert.throws(
      () => on("visits"),
      (e: unknown) =>
        e instanceof InputError &&
        /permissions\.items\[0\]\.table names tables in 2 schemas \(staging\.visits and openlattice\.visits\): write which, got "visits"/.test(
          e.message,
        ),
    );
  });

  it("takes schema.name and the plain name of a table no other schema has as the same table", () => {
    const qualified = desired({
      permissions: {
        prune: true,
        items: [
          ...live.permissions.items.slice(0, 1),
          { table: "staging.visits", member: "bob@example.com", permissions: ["READ", "WRITE"] },
        ],
      },
    });
    assert.deepEqual(diffOrganizations(live, qualified, lookups), [], "nothing granted again, nothing revoked");
    assert.throws(
      () =>
        diffOrganizations(
          live,
          desired({
            permissions: {
              items: [
                { table: "visits", role: "Analysts", permissions: ["READ"] },
                { table: "staging.visits", role: "Analysts", permissions: ["WRITE"] },
              ],
            },
          }),
          lookups,
        ),
      /permissions\.items\[1\] names the permissions of permissions\.items\[0\] again, got "table visits · role Analysts"/,
    );
  });
});

describe("show(plan)", () => {
  it("draws a plan as a table grouped by kind with counts", () => {
    const changes = diffOrganizations(
      live,
      desired({ members: { items: [{ email: "carol@example.com", roles: ["Analysts"] }] } }),
      lookups,
    );
    const plan: OrganizationPlan = {
      type: "organization plan",
      organizationId: ORG,
      title: "Tutorial",
      origin: "http://localhost:8080",
      changes,
      counts: { "add member": 1, "give role": 1 },
    };
    const text = toText(toView(plan));
    assert.match(text, /^Plan for Tutorial \(279b202f-.*\): add member 1 · give role 1/);
    assert.match(text, /add member\s+carol@example.com\s+auth0\|carol/);
  });
});
