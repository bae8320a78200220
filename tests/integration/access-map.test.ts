import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { accessMap } from "../../lib/access-map/index.js";
import { grantPermissions } from "../../lib/api/acl-data.js";
import { exportOrganization } from "../../lib/org-as-code/export.js";
import { DATASETS } from "../../sandbox/seed/datasets.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { EXTRA_USERS, SEEDED_USERS } from "../../sandbox/seed/users.js";
import { drawnPanels } from "../helpers/access-map-svg.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// The two halves of organizations as code together: the sample organization exported from the sandbox over real
// HTTP, then drawn by accessMap. What the picture shows is read back from its SVG.

const ORG = SAMPLE_ORGANIZATION.id;
const { owner, member } = SEEDED_USERS;
const maya = EXTRA_USERS[0]!;
let sandbox: TestSandbox;

before(async () => {
  sandbox = await startTestSandbox();
  const { organizations, permissions } = sandbox.as("owner");
  const role = async (title: string) => {
    const principal = { type: "ROLE" as const, id: `${ORG}|${title}` };
    return { id: await organizations.createRole({ organizationId: ORG, title, principal }), principal };
  };
  const [analysts, stewards] = [await role("Analysts"), await role("Stewards")];
  await organizations.addMember(ORG, maya.user_id);
  await organizations.addRoleToUser(ORG, analysts.id, member.user_id);
  await organizations.addRoleToUser(ORG, analysts.id, maya.user_id);
  await organizations.addRoleToUser(ORG, stewards.id, maya.user_id);
  await permissions.updateAcl(grantPermissions([DATASETS.people.entitySetId], analysts.principal, ["READ"]));
});
after(() => sandbox?.stop());

test("accessMap draws the exported sample organization: its members as rows, its roles as columns, who holds what", async () => {
  const document = await exportOrganization(sandbox.as("owner"), ORG);
  const map = await accessMap(document);
  const { holders, reach, texts } = drawnPanels(map.svg);

  assert.ok(texts.includes(`Access map · ${SAMPLE_ORGANIZATION.title}`), texts.join(" | "));
  assert.deepEqual(new Set(holders.rows), new Set([owner.email, member.email, maya.email]));
  assert.deepEqual(new Set(holders.columns), new Set(["Analysts", "Stewards"]));
  assert.deepEqual(
    [...holders.cells.keys()].sort(),
    [`${maya.email}|Analysts`, `${maya.email}|Stewards`, `${member.email}|Analysts`].sort(),
  );

  // what roles and members may do on the organization's entity sets: the role's READ, the owner's OWNER among others
  assert.deepEqual(reach.rows, [DATASETS.people.name]);
  assert.equal(reach.cells.get(`${DATASETS.people.name}|Analysts`), "R");
  const ownerCell = [...reach.cells].find(([key]) => key.startsWith(`${DATASETS.people.name}|${owner.email}`));
  assert.match(ownerCell?.[1] ?? "", /O/, `the owner's cell: ${[...reach.cells.keys()].join(", ")}`);
  // the same picture as text, outside a kernel
  assert.match(map.text, new RegExp(`\\n${maya.email!.replaceAll(".", "\\.")} +● +●\\n`));
});
