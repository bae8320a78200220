import { findUserByEmail } from "../lib/api/users.js";
import type { OpenLattice } from "../lib/connect.js";
import { applyOrganizationPlan } from "../lib/org-as-code/apply.js";
import { DOCUMENT_VERSION, type OrganizationDocument } from "../lib/org-as-code/document.js";
import { planOrganization } from "../lib/org-as-code/plan.js";
import { insertBenchUsers } from "./bulk-membership.js";
import { startBenchSandbox } from "./sandbox.js";
import { alternately, type Row, time } from "./stats.js";

const MEMBERS = 300;
const ROLES = 10;
const ROUNDS = 2;

/** A document of 300 members and 10 roles, planned and applied into an empty organization, on the local sandbox. */
export const orgAsCodeBenchmark = () => orgAsCodeRows(0);

/** The same against a sandbox started with `--latency 50`, as a remote deployment answers. */
export const orgAsCodeAtLatencyBenchmark = () => orgAsCodeRows(50);

/**
 * `planOrganization` + `applyOrganizationPlan` (default concurrency 8) against the same changes made one call at a
 * time: find each user by e-mail, create each role, add each member, give each role. Each run goes into a new
 * empty organization (made and destroyed untimed), alternating which goes first, after one untimed run that makes
 * the users' database logins. Both must leave the organization as the document says: a second plan is empty.
 */
async function orgAsCodeRows(latencyMs: number): Promise<Row[]> {
  const bench = await startBenchSandbox({ latencyMs });
  try {
    const ol = bench.owner;
    const document = benchDocument(await insertBenchUsers(bench.control, MEMBERS));
    const changes = ROLES + MEMBERS + document.members.items.reduce((sum, member) => sum + member.roles.length, 0);
    const run = (way: (organizationId: string) => Promise<unknown>) => timedRun(ol, document, way);
    const planAndApply = async (organizationId: string) => {
      const result = await applyOrganizationPlan(ol, await planOrganization(ol, document, { organizationId }));
      if (result.counts.done !== changes)
        throw new Error(`plan and apply: ${JSON.stringify(result.counts)}, expected ${changes} done`);
    };
    const oneAtATime = (organizationId: string) => callByCall(ol, document, organizationId);
    await run(planAndApply);
    const { measured, baseline } = await alternately(
      () => run(planAndApply),
      () => run(oneAtATime),
      ROUNDS,
    );
    const at = latencyMs ? `, ${latencyMs} ms latency` : "";
    const name = `plan + apply ${MEMBERS} members, ${ROLES} roles, ${changes} changes (concurrency 8${at})`;
    const target = latencyMs ? 0.167 : undefined; // as bulk membership's: six times faster than one at a time
    return [{ name, measured, baseline, baselineName: "one call at a time", unit: "ms", target }];
  } finally {
    await bench.close();
  }
}

/** Roles `Role 01`…`Role 10`; member i holds 1–3 of them (i mod 3 + 1), spread over the roles. */
function benchDocument(emails: string[]): OrganizationDocument {
  const titles = Array.from({ length: ROLES }, (_, i) => `Role ${String(i + 1).padStart(2, "0")}`);
  return {
    version: DOCUMENT_VERSION,
    organization: {},
    roles: {
      prune: false,
      items: titles.map((title) => ({ title, description: `${title} of the benchmark`, grants: [] })),
    },
    members: {
      prune: false,
      items: emails.map((email, i) => ({
        email,
        roles: [i, i + 3, i + 7].slice(0, (i % 3) + 1).map((r) => titles[r % ROLES]!),
      })),
    },
    entitySets: [],
    permissions: { prune: false, items: [] },
  };
}

/** The changes of `document` made by hand, one call after another, as a script without the library's engine would. */
async function callByCall(ol: OpenLattice, document: OrganizationDocument, organizationId: string): Promise<void> {
  const { organizations } = ol;
  const roleIds: Record<string, string> = {};
  for (const { title, description } of document.roles.items) {
    roleIds[title] = await organizations.createRole({
      organizationId,
      title,
      description,
      principal: { type: "ROLE", id: `${organizationId}|${title}` },
    });
  }
  for (const member of document.members.items) {
    const userId = (await findUserByEmail(ol.principals, member.email!))!.user_id; // the benchmark names every member by e-mail
    await organizations.addMember(organizationId, userId);
    for (const title of member.roles) await organizations.addRoleToUser(organizationId, roleIds[title]!, userId);
  }
}

/** One run into a new empty organization, timing `way` only; then a second plan of the document must be empty. */
async function timedRun(
  ol: OpenLattice,
  document: OrganizationDocument,
  way: (organizationId: string) => Promise<unknown>,
): Promise<number> {
  const organizationId = await ol.organizations.createOrganizationIfNotExists({
    title: "Organizations as code benchmark",
    principal: { type: "ORGANIZATION", id: `OrgCodeBench${Date.now()}` },
  });
  const ms = await time(() => way(organizationId));
  const left = (await planOrganization(ol, document, { organizationId })).changes;
  if (left.length)
    throw new Error(`${left.length} changes left after a run, the first: ${left[0]!.kind} ${left[0]!.target}`);
  await ol.organizations.destroyOrganization(organizationId);
  return ms;
}
