import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { after, before, test } from "node:test";
import { exportOrganization } from "../../lib/org-as-code/export.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { EXTRA_USERS, SEEDED_USERS } from "../../sandbox/seed/users.js";
import { drawnPanels } from "../helpers/access-map-svg.js";
import { startNotebookSandbox, type NotebookRunner } from "../helpers/notebooks.js";
import type { TestSandbox } from "../helpers/sandbox.js";

let sandbox: TestSandbox;
let notebooks: NotebookRunner;
let stop: () => Promise<void>;
before(async () => ({ sandbox, notebooks, stop } = await startNotebookSandbox()));
after(() => stop?.());

const [maya, daniel] = [EXTRA_USERS[0]!.email!, EXTRA_USERS[1]!.email!];
const sample = `OpenLattice Sample Organization (${SAMPLE_ORGANIZATION.id})`;
const folders = () =>
  readdirSync(tmpdir())
    .filter((name) => name.startsWith("organization-as-code-"))
    .sort();

/** The SVG of the executed notebook's image/svg+xml outputs. */
function svgOutputs(executed: string): string[] {
  const cells = JSON.parse(executed).cells as { outputs?: { data?: Record<string, string | string[]> }[] }[];
  const svgs = cells.flatMap((cell) => cell.outputs ?? []).map((output) => output.data?.["image/svg+xml"]);
  return svgs.filter((svg) => svg !== undefined).map((svg) => [svg].flat().join(""));
}

test("07-organization-as-code runs top to bottom, twice: plan, access map, apply, empty plan, clone, put back", async () => {
  const owner = sandbox.as("owner");
  const organizationsBefore = await owner.organizations.getOrganizations();
  const sampleBefore = await exportOrganization(owner, SAMPLE_ORGANIZATION.id);
  const foldersBefore = folders();
  for (let round = 0; round < 2; round++) {
    const applied: { members?: string[]; roles?: string[] } = {};
    const { executed, out } = await notebooks.run("07-organization-as-code.ipynb", "owner", async (source) => {
      if (!source.includes("applyOrganizationPlan(ol, plan,")) return;
      const members = await owner.organizations.getMembers(SAMPLE_ORGANIZATION.id);
      applied.members = members.map((m) => m.profile.email!).sort();
      applied.roles = (await owner.organizations.getRoles(SAMPLE_ORGANIZATION.id)).map((role) => role.title);
    });
    const has = (text: string) => assert.ok(out.includes(text), `not in the outputs: ${text}\n${out}`);
    // the exported YAML
    has(`  id: ${SAMPLE_ORGANIZATION.id}\n  title: ${SAMPLE_ORGANIZATION.title}\n`);
    has(`    - email: ${SEEDED_USERS.owner.email}\n`);
    // the plan: the role, the two members holding it, the role's READ
    has(`Plan for ${sample}: create role 1 · add member 2 · give role 2 · grant permission 1 · 6 changes\n`);
    assert.match(out, new RegExp(`\\ngive role +${maya.replaceAll(".", "\\.")} · Reviewers +Reviewers\\n`));
    assert.match(out, /\ngrant permission +entitySet demo_people · role Reviewers +READ\n/);
    // the access map: an SVG display, its text beside it
    const svgs = svgOutputs(executed);
    assert.equal(svgs.length, 1, "one image/svg+xml output");
    const { holders, reach } = drawnPanels(svgs[0]!);
    assert.deepEqual(holders.columns, ["Reviewers"]);
    assert.deepEqual([...holders.cells.keys()].sort(), [`${daniel}|Reviewers`, `${maya}|Reviewers`]);
    assert.equal(reach.cells.get("demo_people|Reviewers"), "R");
    has("Access map · OpenLattice Sample Organization\n4 members · 1 role · 1 entity set");
    // applied, with the progress bar full; the platform has what the plan said
    has(`[${"#".repeat(30)}] 6/6 changes · 6 done · 0 failed\n`);
    has(`Applied to ${SAMPLE_ORGANIZATION.id}: done 6 · 6 changes\n`);
    assert.deepEqual(applied.members, [daniel, SEEDED_USERS.owner.email, maya, SEEDED_USERS.member.email].sort());
    assert.ok(applied.roles?.includes("Reviewers"), `roles: ${applied.roles}`);
    // planned again: nothing to do
    has(`Plan for ${sample} · 0 changes\n(none)\n`);
    // the clone: a new organization with the role, exported
    has("Plan for new organization Reviewers, cloned: create organization 1 · create role 1 · 2 changes\n");
    assert.match(out, /\nApplied to [0-9a-f-]{36}: done 2 · 2 changes\n/);
    assert.match(out, /\n {2}title: Reviewers, cloned\n[^]*\n {4}- title: Reviewers\n {6}id: [0-9a-f-]{36} #/);
    // put back: the exported file with every list complete
    has(`Plan for ${sample}: remove member 2 · delete role 1 · 3 changes\n`);
    has(`Applied to ${SAMPLE_ORGANIZATION.id}: done 3 · 3 changes\n`);
    await notebooks.assertNoSecrets(executed);
    assert.deepEqual(await exportOrganization(owner, SAMPLE_ORGANIZATION.id), sampleBefore);
    assert.deepEqual(await owner.organizations.getOrganizations(), organizationsBefore);
    assert.deepEqual(folders(), foldersBefore, "the notebook's folder is removed");
  }
});
