import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import nodeFetch from "node-fetch";
import { applyBulkMembership, type BulkMembershipResult } from "../../lib/bulk/apply.js";
import { parseMembershipCsv } from "../../lib/bulk/csv.js";
import { planBulkMembership } from "../../lib/bulk/plan.js";
import { notebookProgress, terminalProgress, type BulkProgress } from "../../lib/bulk/progress.js";
import { ApiClient, type FetchLike } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { OpenLattice } from "../../lib/connect.js";
import { InputError, ReadOnlyError } from "../../lib/errors.js";
import type { ClientMode } from "../../lib/modes.js";
import { EXTRA_USERS } from "../../sandbox/seed/users.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox?.stop();
});

const analysts = EXTRA_USERS.slice(0, 12);

/** Every request the owner's client sends, with how many PUTs were in flight at most. */
interface Traffic {
  ol: OpenLattice;
  puts: string[];
  maxInFlight: number;
}

/**
 * A strict client signed in as the owner whose fetch records each PUT path and the most PUTs in flight at once.
 * `host` makes the client believe it talks to another server (requests still reach the sandbox).
 */
function ownerWithTraffic(
  options: { host?: string; delayMs?: number; fail?: (path: string) => boolean; mode?: ClientMode } = {},
): Traffic {
  const traffic: Traffic = { ol: undefined!, puts: [], maxInFlight: 0 };
  let inFlight = 0;
  const host = options.host ?? sandbox.url;
  const fetch: FetchLike = async (url, init) => {
    const path = url.slice(host.length);
    if (init.method !== "PUT") return nodeFetch(sandbox.url + path, init);
    traffic.puts.push(decodeURIComponent(path));
    traffic.maxInFlight = Math.max(traffic.maxInFlight, ++inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
      if (options.fail?.(decodeURIComponent(path)))
        return { status: 500, headers: new Headers(), text: async () => '{"message":"injected failure"}' };
      return await nodeFetch(sandbox.url + path, init);
    } finally {
      inFlight--;
    }
  };
  const configuration = new Configuration({ host, accessToken: sandbox.token("owner") });
  traffic.ol = new OpenLattice(
    new ApiClient(configuration, { strict: true, maxRetries: 0, fetch, mode: options.mode }),
  );
  return traffic;
}

/** A new organization of the owner with the given roles; answers its id and each role's id by title. */
async function organizationWithRoles(titles: string[]) {
  const { organizations } = sandbox.as("owner");
  const name = `Bulk${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const organizationId = await organizations.createOrganizationIfNotExists({
    title: name,
    principal: { type: "ORGANIZATION", id: name },
  });
  const roles: Record<string, string> = {};
  for (const title of titles)
    roles[title] = await organizations.createRole({
      organizationId,
      title,
      principal: { type: "ROLE", id: `${organizationId}|${title}|${Object.keys(roles).length}` },
    });
  return { organizationId, roles };
}

/** `email,roles` CSV text from rows. */
function csv(rows: [string, string][]): string {
  return ["email,roles", ...rows.map(([email, roles]) => `${email},${roles}`)].join("\n");
}

/** Member ids and, per role title, the ids of its holders. */
async function membership(organizationId: string, roles: Record<string, string>) {
  const { organizations } = sandbox.as("owner");
  const members = (await organizations.getMembers(organizationId)).map((m) => m.profile.user_id).sort();
  const holders: Record<string, string[]> = {};
  for (const [title, roleId] of Object.entries(roles))
    holders[title] = (await organizations.getAllUsersOfRole(organizationId, roleId)).map((u) => u.user_id).sort();
  return { members, holders };
}

const outcomes = (result: BulkMembershipResult) =>
  result.rows.map((row) => `${row.line} ${row.action}: ${row.outcome}${row.detail ? ` (${row.detail})` : ""}`);

describe("bulk membership", () => {
  const rows = [
    [analysts[0]!.email!, "Analyst"],
    [analysts[1]!.email!, "Analyst;Reader"],
    [analysts[2]!.email!, ""],
    ["nobody.here@example.org", "Analyst"],
    [analysts[3]!.email!, "Reader;Auditor"],
    [analysts[0]!.email!.toUpperCase(), "Reader;Analyst"],
  ] as [string, string][];

  test("the plan reads the organization once; a dry run changes nothing and lists what it would do", async () => {
    const { organizationId, roles } = await organizationWithRoles(["Analyst", "Reader"]);
    const { organizations } = sandbox.as("owner");
    await organizations.addMember(organizationId, analysts[1]!.user_id);
    await organizations.addRoleToUser(organizationId, roles.Reader!, analysts[1]!.user_id);
    const before = await membership(organizationId, roles);

    const traffic = ownerWithTraffic();
    const plan = await planBulkMembership(traffic.ol, organizationId, parseMembershipCsv(csv(rows)));
    assert.deepEqual(
      plan.rows.map((row) => [
        row.line,
        row.userId,
        row.actions.map((a) => a.kind + ("role" in a ? ` ${a.role.title}` : "") + ("what" in a ? ` ${a.what}` : "")),
      ]),
      [
        [2, analysts[0]!.user_id, ["add-member", "add-role Analyst"]],
        [3, analysts[1]!.user_id, ["already-member", "add-role Analyst", "already-has-role Reader"]],
        [4, analysts[2]!.user_id, ["add-member"]],
        [5, undefined, ["failure find user"]],
        [6, analysts[3]!.user_id, ["add-member", "add-role Reader", 'failure add role "Auditor"']],
        [7, analysts[0]!.user_id, ["duplicate add member", "add-role Reader", "duplicate add role Analyst"]],
      ],
    );
    assert.equal(JSON.stringify(plan).includes("client"), false, "the plan prints without its API");

    const dry = await applyBulkMembership(plan, { dryRun: true });
    assert.deepEqual(dry.counts, { done: 0, skipped: 4, failed: 2, planned: 7 });
    assert.ok(outcomes(dry).includes("5 find user: failed (no user has this e-mail)"));
    assert.ok(outcomes(dry).includes('6 add role "Auditor": failed (no role of the organization has this title)'));
    assert.ok(outcomes(dry).includes("7 add role Analyst: skipped (duplicate of line 2)"));
    assert.deepEqual(traffic.puts, []);
    assert.deepEqual(await membership(organizationId, roles), before);
  });

  test("a run does what the plan said, each change once, member before roles; a rerun does nothing", async () => {
    const { organizationId, roles } = await organizationWithRoles(["Analyst", "Reader"]);
    const traffic = ownerWithTraffic();
    const plan = await planBulkMembership(traffic.ol, organizationId, parseMembershipCsv(csv(rows)));
    const seen: BulkProgress[] = [];
    const result = await applyBulkMembership(plan, { onProgress: (p) => seen.push(p) });
    assert.deepEqual(result.counts, { done: 9, skipped: 2, failed: 2, planned: 0 });
    assert.equal(traffic.puts.length, 9, "one PUT per change");
    assert.deepEqual(seen.at(0), { total: 9, finished: 0, done: 0, failed: 0 });
    assert.deepEqual(seen.at(-1), { total: 9, finished: 9, done: 9, failed: 0 });
    for (const user of analysts.slice(0, 4)) {
      const calls = traffic.puts.filter((path) => path.endsWith(`/members/${user.user_id}`));
      assert.match(calls[0]!, /\/principals\/members\//, `${user.email}: the member is added before any role`);
    }
    const after = await membership(organizationId, roles);
    const ids = (...users: typeof analysts) => users.map((user) => user.user_id).sort();
    assert.deepEqual(
      after.members,
      [...ids(...analysts.slice(0, 4)), sandbox.as("owner").client.configuration.user.id].sort(),
    );
    assert.deepEqual(after.holders, {
      Analyst: ids(analysts[0]!, analysts[1]!),
      Reader: ids(analysts[0]!, analysts[1]!, analysts[3]!),
    });

    const rerun = ownerWithTraffic();
    const again = await applyBulkMembership(
      await planBulkMembership(rerun.ol, organizationId, parseMembershipCsv(csv(rows))),
    );
    assert.deepEqual(again.counts, { done: 0, skipped: 11, failed: 2, planned: 0 });
    assert.deepEqual(rerun.puts, []);
    assert.deepEqual(await membership(organizationId, roles), after);
  });

  test("failures are reported with why and the rest completes", async () => {
    const { organizationId, roles } = await organizationWithRoles(["Analyst", "Reader", "Reader"]);
    const team = analysts.slice(4, 10);
    const failing = team[0]!.user_id;
    const traffic = ownerWithTraffic({ fail: (path) => path.endsWith(`/principals/members/${failing}`) });
    const plan = await planBulkMembership(
      traffic.ol,
      organizationId,
      parseMembershipCsv(csv(team.map((user) => [user.email!, "Analyst;Reader"]))),
    );
    await sandbox.as("owner").organizations.deleteRole(organizationId, roles.Analyst!); // after planning: its changes fail
    const result = await applyBulkMembership(plan, { concurrency: 3 });
    const out = outcomes(result);
    assert.ok(out.includes("2 add member: failed (injected failure)"), out.join("\n"));
    assert.ok(out.includes("2 add role Analyst: failed (not tried: adding the member failed)"), out.join("\n"));
    assert.match(
      out.find((line) => line.startsWith("3 add role Analyst"))!,
      /^3 add role Analyst: failed \(.+\)$/,
    );
    assert.match(
      out.find((line) => line.startsWith('3 add role "Reader"'))!,
      /failed \(2 roles have this title \([0-9a-f-]{36}, [0-9a-f-]{36}\)\)/,
    );
    assert.deepEqual(result.counts, { done: 5, skipped: 0, failed: 13, planned: 0 });
    const members = (await sandbox.as("owner").organizations.getMembers(organizationId)).map((m) => m.profile.user_id);
    for (const user of team.slice(1)) assert.ok(members.includes(user.user_id), `${user.email} was added`);
    assert.ok(!members.includes(failing));
  });

  test("no more changes are in flight than the concurrency allows", async () => {
    for (const concurrency of [1, 4]) {
      const { organizationId } = await organizationWithRoles(["Analyst"]);
      const traffic = ownerWithTraffic({ delayMs: 20 });
      const plan = await planBulkMembership(
        traffic.ol,
        organizationId,
        parseMembershipCsv(csv(analysts.map((user) => [user.email!, "Analyst"]))),
      );
      const result = await applyBulkMembership(plan, { concurrency });
      assert.equal(result.counts.done, analysts.length * 2);
      assert.equal(traffic.maxInFlight, concurrency, `at most ${concurrency} PUTs at once, and that many are used`);
    }
  });

  test("off the sandbox a real change needs confirm naming the organization; nothing is sent without it", async () => {
    const { organizationId } = await organizationWithRoles(["Analyst"]);
    const traffic = ownerWithTraffic({ host: "https://openlattice.example.org" });
    const plan = await planBulkMembership(
      traffic.ol,
      organizationId,
      parseMembershipCsv(csv([[analysts[0]!.email!, "Analyst"]])),
    );
    const pass = `pass \\{ confirm: "${organizationId}" \\} as its options`;
    const required = `^options\\.confirm is required for applyBulkMembership on https://openlattice\\.example\\.org .*: ${pass}$`;
    await assert.rejects(applyBulkMembership(plan), {
      name: "ConfirmationRequiredError",
      message: new RegExp(required),
    });
    await assert.rejects(applyBulkMembership(plan, { confirm: "yes" }), {
      name: "ConfirmationRequiredError",
      message: new RegExp(`^options\\.confirm must be "${organizationId}" .*: ${pass}, got "yes"$`),
    });
    assert.deepEqual(traffic.puts, []);
    assert.equal((await applyBulkMembership(plan, { dryRun: true })).counts.planned, 2);
    assert.equal((await applyBulkMembership(plan, { confirm: organizationId })).counts.done, 2);
  });

  test("the client's dry-run mode plans only; its read-only mode refuses before sending", async () => {
    const { organizationId } = await organizationWithRoles(["Analyst"]);
    const rows = parseMembershipCsv(csv([[analysts[0]!.email!, "Analyst"]]));
    const dry = ownerWithTraffic({ mode: "dry-run" });
    const result = await applyBulkMembership(await planBulkMembership(dry.ol, organizationId, rows));
    assert.deepEqual([result.dryRun, result.counts.planned], [true, 2]);
    const readOnly = ownerWithTraffic({ mode: "read-only" });
    await assert.rejects(
      applyBulkMembership(await planBulkMembership(readOnly.ol, organizationId, rows)),
      ReadOnlyError,
    );
    assert.equal(
      (await applyBulkMembership(await planBulkMembership(readOnly.ol, organizationId, rows), { dryRun: true })).counts
        .planned,
      2,
    );
    assert.deepEqual([...dry.puts, ...readOnly.puts], []);
  });

  test("bad input is refused with what is wrong, before anything is sent", async () => {
    const { organizationId } = await organizationWithRoles([]);
    const traffic = ownerWithTraffic();
    const rows = parseMembershipCsv(csv([[analysts[0]!.email!, ""]]));
    await assert.rejects(planBulkMembership(traffic.ol, "not-a-uuid", rows), /organizationId must be a UUID/);
    await assert.rejects(
      planBulkMembership(traffic.ol, organizationId, "email\nx@example.org" as never),
      /rows must be an array/,
    );
    await assert.rejects(
      planBulkMembership(traffic.ol, organizationId, [{ line: 2, email: "x@example.org", roles: [""] }]),
      /rows\[0\] must be/,
    );
    await assert.rejects(
      planBulkMembership(traffic.ol, organizationId, rows, { concurrency: 0 }),
      /concurrency must be a whole number from 1 to 64/,
    );
    const plan = await planBulkMembership(traffic.ol, organizationId, rows);
    await assert.rejects(
      applyBulkMembership(plan, { concurrency: 2.5 }),
      /options\.concurrency must be a whole number/,
    );
    await assert.rejects(
      applyBulkMembership(plan, { dryRun: "yes" as never }),
      /options\.dryRun must be true or false/,
    );
    await assert.rejects(
      applyBulkMembership(plan, { onProgress: "bar" as never }),
      /options\.onProgress must be a function/,
    );
    await assert.rejects(
      applyBulkMembership({ organizationId, rows: [] } as never),
      /plan must be a plan from planBulkMembership/,
    );
    assert.deepEqual(traffic.puts, []);
  });
});

describe("membership CSV", () => {
  test("header, quoting, BOM, blank lines, roles split on ; and the lines of the file", () => {
    const text =
      '\uFEFFName,E-mail,Roles\r\n"Lee, Jordan", jordan.lee@example.org ," Analyst ; Reader;"\r\n\r\n,sam.patel@example.org,\n';
    assert.deepEqual(parseMembershipCsv(text), [
      { line: 2, email: "jordan.lee@example.org", roles: ["Analyst", "Reader"] },
      { line: 4, email: "sam.patel@example.org", roles: [] },
    ]);
    assert.deepEqual(parseMembershipCsv("email\nx@example.org"), [{ line: 2, email: "x@example.org", roles: [] }]);
  });

  test("a CSV without an email column, or broken quoting, is refused naming the source", () => {
    assert.throws(
      () => parseMembershipCsv("name,roles\nx,y", "team.csv"),
      (error: Error) =>
        error instanceof InputError && /^team\.csv needs a header row with an "email" column/.test(error.message),
    );
    assert.throws(
      () => parseMembershipCsv('email\n"x@example.org', "team.csv"),
      /^InputError: team\.csv is not valid CSV: .*quote/i,
    );
    assert.throws(() => parseMembershipCsv(42 as never), /CSV must be CSV text/);
  });
});

describe("progress reporters", () => {
  const step = (finished: number, total = 10): BulkProgress => ({ total, finished, done: finished, failed: 0 });

  test("the notebook display is replaced in place, at most every interval, always at the end", () => {
    const shown: string[] = [];
    const report = notebookProgress({ text: (text) => shown.push(text) }, { width: 4, intervalMs: 60_000 });
    for (let i = 0; i <= 10; i++) report(step(i));
    assert.deepEqual(shown, ["[----] 0/10 changes · 0 done · 0 failed", "[####] 10/10 changes · 10 done · 0 failed"]);
    assert.throws(() => notebookProgress({} as never), /display must have a text\(text\) method/);
    assert.throws(
      () => notebookProgress({ text: () => {} }, { width: -1 }),
      /width must be a whole number of characters ≥ 1, got -1/,
    );
  });

  test("a terminal gets one line redrawn with \\r; a pipe gets a line per tenth", () => {
    const tty: string[] = [];
    const onTty = terminalProgress({
      stream: { isTTY: true, write: (text) => tty.push(text) },
      width: 10,
      intervalMs: 0,
    });
    onTty(step(0, 4));
    onTty(step(2, 4));
    onTty(step(4, 4));
    assert.deepEqual(tty, [
      "\r[----------] 0/4 changes · 0 done · 0 failed",
      "\r[#####-----] 2/4 changes · 2 done · 0 failed",
      "\r[##########] 4/4 changes · 4 done · 0 failed\n",
    ]);
    const pipe: string[] = [];
    const onPipe = terminalProgress({ stream: { write: (text) => pipe.push(text) }, intervalMs: 0 });
    for (let i = 0; i <= 100; i++) onPipe(step(i, 100));
    assert.equal(pipe.length, 11);
    assert.equal(pipe.at(-1), "100/100 changes · 100 done · 0 failed\n");
  });
});
