import nodeFetch from "node-fetch";
import type pg from "pg";
import { ApiClient, type FetchLike } from "../lib/client.js";
import { Configuration } from "../lib/config.js";
import { OpenLattice } from "../lib/connect.js";
import { applyBulkMembership } from "../lib/bulk/apply.js";
import { parseMembershipCsv } from "../lib/bulk/csv.js";
import { planBulkMembership } from "../lib/bulk/plan.js";
import { insertUser } from "../sandbox/services/users.js";
import { startBenchSandbox } from "./sandbox.js";
import { alternately, type Row, time } from "./stats.js";

const ROLES = ["Analyst", "Reader"];
const CONCURRENCY = 8;
const ROUNDS = 2;

/**
 * Bulk-adding 1,000 users (inserted into the sandbox) as members with two roles each, from a CSV, at the default
 * concurrency against one at a time: the sandbox's own limit.
 */
export const bulkMembershipBenchmark = () => bulkBenchmark({ users: 1_000, latencyMs: 0, target: 0.25 });

/** The same for 300 users against a sandbox started with `--latency 50`, as a remote deployment answers. */
export const bulkAtLatencyBenchmark = () => bulkBenchmark({ users: 300, latencyMs: 50, target: 0.167 });

/**
 * Each run goes into a fresh organization, alternating which goes first, after one untimed run that makes the
 * users' database logins. Every run must make exactly its changes (one PUT each), fail none, and leave nothing
 * for a second plan.
 */
async function bulkBenchmark({
  users,
  latencyMs,
  target,
}: {
  users: number;
  latencyMs: number;
  target: number;
}): Promise<Row[]> {
  const bench = await startBenchSandbox({ latencyMs });
  try {
    const puts = { count: 0 };
    const fetch: FetchLike = (url, init) => ((puts.count += Number(init.method === "PUT")), nodeFetch(url, init));
    const ol = new OpenLattice(
      new ApiClient(new Configuration({ host: bench.url, accessToken: bench.ownerToken }), { fetch, maxRetries: 0 }),
    );
    const csv = await benchUsers(bench.control, users);
    const run = (concurrency: number) => bulkRun(ol, csv, users, concurrency, puts);
    await run(CONCURRENCY);
    const { measured, baseline } = await alternately(
      () => run(CONCURRENCY),
      () => run(1),
      ROUNDS,
    );
    const at = latencyMs ? `, ${latencyMs} ms latency` : "";
    const name = `bulk-add ${users.toLocaleString("en")} members with ${ROLES.length} roles each (concurrency ${CONCURRENCY}${at})`;
    return [{ name, measured, baseline, baselineName: "one at a time", unit: "ms", target }];
  } finally {
    await bench.close();
  }
}

/** Inserts the benchmark's users and answers the CSV that gives each of them every role. */
async function benchUsers(control: pg.Client, users: number): Promise<string> {
  const emails = await insertBenchUsers(control, users);
  return ["email,roles", ...emails.map((email) => `${email},${ROLES.join(";")}`)].join("\n");
}

/** Inserts `users` users (`bulk.user0000@example.org`…) into the sandbox and answers their e-mails. */
export async function insertBenchUsers(control: pg.Client, users: number): Promise<string[]> {
  const emails = [];
  for (let i = 0; i < users; i++) {
    const n = String(i).padStart(4, "0");
    const email = `bulk.user${n}@example.org`;
    await insertUser(control, {
      user_id: `auth0|b0c1${n.padStart(20, "0")}`,
      email,
      name: `Bulk User ${n}`,
      nickname: `bulk.user${n}`,
      identities: [
        { provider: "auth0", connection: "Username-Password-Authentication", user_id: `b0c1${n}`, isSocial: false },
      ],
      app_metadata: { roles: ["AuthenticatedUser"] },
    });
    emails.push(email);
  }
  return emails;
}

/**
 * One bulk change into a new organization with the roles, timing `applyBulkMembership` only; then the checks: exactly one PUT per planned
 * change, none failed, every user a member holding every role, and a second plan with nothing to do.
 */
async function bulkRun(
  ol: OpenLattice,
  csv: string,
  users: number,
  concurrency: number,
  puts: { count: number },
): Promise<number> {
  const { organizations } = ol;
  const organizationId = await organizations.createOrganizationIfNotExists({
    title: "Bulk membership benchmark",
    principal: { type: "ORGANIZATION", id: `BulkBench${Date.now()}${concurrency}` },
  });
  const roleIds = [];
  for (const title of ROLES)
    roleIds.push(
      await organizations.createRole({
        organizationId,
        title,
        principal: { type: "ROLE", id: `${organizationId}|${title}` },
      }),
    );
  const plan = await planBulkMembership(ol, organizationId, parseMembershipCsv(csv));
  const changes = users * (1 + ROLES.length);
  const putsBefore = puts.count;
  let result: Awaited<ReturnType<typeof applyBulkMembership>> | undefined;
  const ms = await time(async () => (result = await applyBulkMembership(plan, { concurrency })));
  const made = puts.count - putsBefore;
  if (result!.counts.done !== changes || result!.counts.failed !== 0 || made !== changes) {
    const why = result!.rows.find((row) => row.outcome === "failed")?.detail ?? "";
    throw new Error(
      `concurrency ${concurrency}: ${JSON.stringify(result!.counts)}, ${made} PUTs; expected ${changes} changes, none failed. ${why}`,
    );
  }
  if ((await organizations.getMembers(organizationId)).length !== users + 1)
    throw new Error(`concurrency ${concurrency}: members missing`);
  for (const roleId of roleIds) {
    if ((await organizations.getAllUsersOfRole(organizationId, roleId)).length !== users)
      throw new Error(`concurrency ${concurrency}: role holders missing`);
  }
  const again = await planBulkMembership(ol, organizationId, parseMembershipCsv(csv));
  if (
    again.rows.some((row) => row.actions.some((action) => action.kind === "add-member" || action.kind === "add-role"))
  ) {
    throw new Error(`concurrency ${concurrency}: a second plan still has work`);
  }
  await organizations.destroyOrganization(organizationId);
  return ms;
}
