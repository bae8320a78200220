import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { inspect } from "node:util";
import { accessMap, type AccessMapInput } from "../../lib/access-map/index.js";
import { show } from "../../lib/display/index.js";
import { InputError } from "../../lib/errors.js";
import { sampleDocument } from "../helpers/access-documents.js";
import { repoRoot } from "../helpers/paths.js";
import { drawnPanels } from "../helpers/access-map-svg.js";

test("30 members and 8 roles: one row per member, one column per role, the cells each member holds", async () => {
  const document = sampleDocument(30, 8);
  const { holders } = drawnPanels((await accessMap(document)).svg);
  const members = document.members.items;
  assert.equal(holders.rows.length, 30);
  assert.deepEqual(new Set(holders.rows), new Set(members.map((member) => member.name ?? member.email)));
  assert.deepEqual(new Set(holders.columns), new Set(document.roles.items.map((role) => role.title)));
  const expected = members.flatMap((member) => member.roles.map((role) => `${member.name ?? member.email}|${role}`));
  assert.deepEqual([...holders.cells.keys()].sort(), expected.sort());
});

test("roles most held come first and members with the same roles sit together", async () => {
  const document = sampleDocument(30, 8);
  const { holders } = drawnPanels((await accessMap(document)).svg);
  const count = (role: string) => document.members.items.filter((member) => member.roles.includes(role)).length;
  const counts = holders.columns.map(count);
  assert.deepEqual(
    counts,
    [...counts].sort((a, b) => b - a),
  );
  const roleSet = (label: string) => holders.columns.filter((role) => holders.cells.has(`${label}|${role}`)).join("+");
  const sets = holders.rows.map(roleSet);
  const runs = sets.filter((set, i) => set !== sets[i - 1]);
  assert.equal(new Set(runs).size, runs.length, "each set of roles is one run of rows");
});

test("the permissions panel: entity sets and tables by role and by member, letters per permission, and a legend", async () => {
  const map = await accessMap({
    title: "Clinic",
    roles: [{ title: "Analysts" }, { title: "Owners" }],
    members: [{ email: "bob@example.org", name: "Bob", roles: ["Analysts"] }],
    entitySets: [{ name: "people" }, { name: "unused" }],
    permissions: [
      { entitySet: "people", role: "Analysts", permissions: ["READ"] },
      { entitySet: "people", role: "Analysts", permissions: ["WRITE"] },
      { table: "visits", role: "Owners", permissions: ["OWNER", "READ"] },
      { table: "visits", member: "BOB@example.org", permissions: ["READ", "WRITE"] },
    ],
  });
  const { reach, texts } = drawnPanels(map.svg);
  assert.deepEqual(reach.rows, ["people", "unused", "visits (table)"]);
  assert.deepEqual(reach.columns, ["Analysts", "Owners", "Bob (member)"]);
  assert.deepEqual(Object.fromEntries(reach.cells), {
    "people|Analysts": "RW",
    "visits (table)|Owners": "RO",
    "visits (table)|Bob (member)": "RW",
  });
  assert.ok(
    texts.some((text) => text.includes("R READ · W WRITE · O OWNER")),
    "the legend",
  );
  assert.ok(texts.includes("Access map · Clinic"));
  assert.equal(map.text.split("\n")[1], "1 member · 2 roles · 2 entity sets · 1 table · 4 permissions");
});

test("a role only members or permissions name gets a column; a member only permissions name, a column by e-mail", async () => {
  const map = await accessMap({
    members: [{ email: "ann@example.org", roles: ["Stewards"] }],
    permissions: [
      { entitySet: "people", role: "Auditors", permissions: ["DISCOVER"] },
      { entitySet: "people", member: "cy@example.org", permissions: ["LINK"] },
    ],
  });
  const { reach, holders } = drawnPanels(map.svg);
  assert.deepEqual(holders.columns, ["Stewards", "Auditors"]);
  assert.deepEqual(reach.columns, ["Stewards", "Auditors", "cy@example.org (member)"]);
  assert.deepEqual(Object.fromEntries(reach.cells), { "people|Auditors": "D", "people|cy@example.org (member)": "L" });
});

test("300 members render: 300 rows, within a size a notebook keeps, under the title asked for", async () => {
  const map = await accessMap(sampleDocument(300, 10), { title: "Before the audit" });
  const { holders, texts } = drawnPanels(map.svg);
  assert.ok(texts.includes("Before the audit") && map.text.startsWith("Before the audit\n"));
  assert.equal(holders.rows.length, 300);
  assert.equal(holders.columns.length, 10);
  assert.ok(map.svg.length < 400_000, `${map.svg.length} bytes`);
});

test("names with markup, quotes, unicode and great length come out as text, cut and told apart", async () => {
  const nasty = `<img src=x onerror="alert('x')">&amp; Zoë 👩‍⚕️`;
  const long = "A".repeat(200);
  const map = await accessMap({
    title: nasty,
    roles: [{ title: nasty }, { title: `${long}1` }, { title: `${long}2` }],
    members: [
      { email: "a@example.org", name: nasty, roles: [nasty, `${long}1`] },
      { email: "b@example.org", name: nasty, roles: [`${long}2`] },
    ],
    permissions: [{ table: nasty, role: nasty, permissions: ["READ"] }],
  });
  const { holders, reach, texts } = drawnPanels(map.svg);
  assert.ok(!map.svg.includes("<img"));
  assert.deepEqual(holders.rows, [nasty, `${nasty} (2)`]);
  assert.equal(new Set(holders.columns).size, 3);
  assert.ok(
    holders.columns.every((column) => column.length <= "A".repeat(48).length + " (2)".length),
    "long titles are cut",
  );
  assert.ok(
    holders.columns.some((column) => column.endsWith("… (2)")),
    "titles equal once cut are told apart",
  );
  assert.deepEqual(reach.rows, [`${nasty} (table)`]);
  assert.ok(texts.includes(`Access map · ${nasty}`));
  assert.ok(map.text.includes(nasty));
});

test("an empty organization draws no members and no permissions instead of failing", async () => {
  for (const document of [
    { roles: [] },
    { organization: { title: "Empty" }, roles: { items: [{ title: "Readers" }] } },
  ] as AccessMapInput[]) {
    const map = await accessMap(document);
    const { texts } = drawnPanels(map.svg);
    assert.ok(texts.includes("No members") && texts.includes("No permissions"), texts.join(" | "));
    assert.match(map.text, /\(no permissions\)[\s\S]*\(no members\)/);
  }
});

test("outside a kernel show prints the text matrix", async (t) => {
  const map = await accessMap(sampleDocument(30, 8));
  const log = t.mock.method(console, "log", () => {});
  show(map);
  assert.equal(log.mock.callCount(), 1);
  const text = String(log.mock.calls[0]!.arguments[0]);
  assert.equal(text, map.text);
  assert.equal(inspect(map), map.text, "printed as a cell's last expression: the text, not the SVG");
  const lines = text.split("\n");
  assert.equal(lines[1], "30 members · 8 roles · 3 entity sets · 1 table · 9 permissions");
  const header = lines.indexOf("Who holds each role") + 1;
  assert.match(lines[header]!, /^ +Analysts +Readers/);
  const rows = lines.slice(header + 1);
  assert.equal(rows.length, 30);
  const bob = sampleDocument(30, 8).members.items[2]!;
  assert.equal(
    rows
      .find((row) => row.startsWith(`${bob.name} `))!
      .split(/\s{2,}/)
      .filter((cell) => cell === "●").length,
    bob.roles.length,
  );
});

test("bad input: an InputError naming what is wrong", async () => {
  const cases: Array<[unknown, RegExp]> = [
    [null, /^document must be an organization document/],
    [{ roles: "Analysts" }, /^roles must be a list or \{ items/],
    [
      { roles: { items: [{ title: "A" }, { title: "A" }] } },
      /^roles\.items\[1\] repeats the role title of roles\.items\[0\], got "A"/,
    ],
    [
      { members: [{ email: "a@x.org" }, { email: "A@x.org" }] },
      /^members\[1\]\.email repeats the member e-mail of members\[0\]\.email/,
    ],
    [{ title: 7 }, /^title must be a string, got 7/],
    [{ members: [{ name: "Ann" }] }, /^members\[0\]\.email must be a non-blank string/],
    [{ members: [{ email: "a@x.org", roles: "A" }] }, /^members\[0\]\.roles must be a list of role titles/],
    [
      { permissions: [{ entitySet: "p", table: "t", role: "A", permissions: ["READ"] }] },
      /^permissions\[0\] needs exactly one of entitySet and table/,
    ],
    [
      { permissions: [{ entitySet: "p", permissions: ["READ"] }] },
      /^permissions\[0\] needs exactly one of role and member/,
    ],
    [
      { permissions: { items: [{ entitySet: "p", role: "A", permissions: ["READ", "SEE"] }] } },
      /^permissions\.items\[0\]\.permissions\[1\] must be one of DISCOVER, .*, got "SEE"/,
    ],
    [
      { permissions: [{ entitySet: "p", role: "A", permissions: [] }] },
      /^permissions\[0\]\.permissions must be a non-empty list/,
    ],
    [{ entitySets: [{ name: "p" }, { name: "p" }] }, /^entitySets\[1\] repeats the entity set name/],
  ];
  await assert.rejects(accessMap({}, { title: 3 as never }), /^InputError: options\.title must be a string, got 3/);
  for (const [document, message] of cases) {
    await assert.rejects(
      accessMap(document as AccessMapInput),
      (error: unknown) => error instanceof InputError && message.test(error.message),
      JSON.stringify(document),
    );
  }
});

test("the library loads with require(), as a notebook's cell does: vega is imported only when drawing", () => {
  const library = createRequire(import.meta.url)(join(repoRoot, "dist", "lib", "index.js")) as { accessMap?: unknown };
  assert.equal(typeof library.accessMap, "function");
});
