import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { OpenLattice } from "../../lib/connect.js";
import { exportOrganization } from "../../lib/org-as-code/export.js";
import { planOrganization } from "../../lib/org-as-code/plan.js";
import { readOrganizationDocument } from "../../lib/org-as-code/yaml.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { repoRoot } from "../helpers/paths.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";

// `npm run org`: the real command as a child process against the sandbox, from a folder without a .env.

const CLI = join(repoRoot, "dist/tools/org.js");
const { member } = SEEDED_USERS;
let sandbox: TestSandbox;
let ol: OpenLattice;
let dir: string;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the command; `onStderr` may kill it (it is handed the child and all stderr so far). */
function org(args: string[], onStderr?: (stderr: string, kill: () => void) => void): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: {
      ...process.env,
      OPENLATTICE_BASE_URL: sandbox.url,
      OPENLATTICE_JWT: sandbox.token("owner"),
      OPENLATTICE_MODE: "",
    },
  });
  const run: Run = { code: null, signal: null, stdout: "", stderr: "" };
  child.stdout.on("data", (chunk) => (run.stdout += chunk));
  child.stderr.on("data", (chunk) => {
    run.stderr += chunk;
    onStderr?.(run.stderr, () => child.kill("SIGKILL"));
  });
  return new Promise((resolve) => child.on("close", (code, signal) => resolve(Object.assign(run, { code, signal }))));
}

async function newOrganization(): Promise<string> {
  const name = `Cli${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  return ol.organizations.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
}

before(async () => {
  sandbox = await startTestSandbox({}, { args: ["--latency", "10"] });
  ol = sandbox.as("owner");
  dir = mkdtempSync(join(tmpdir(), "org-cli-"));
});
after(async () => {
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run org", () => {
  test("--help prints the usage and exits 0; bad usage exits 64", async () => {
    const help = await org(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: npm run org -- <command>/);
    for (const args of [
      [],
      ["frobnicate", "x"],
      ["plan"],
      ["export", "id", "--confirm", "x"],
      ["plan", "f.yaml", "--no-such-option"],
    ]) {
      const run = await org(args);
      assert.equal(run.code, 64, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, /^error: .*\nusage:/);
    }
  });

  test("export writes the document; plan of it exits 0; a change makes plan exit 2; apply without --confirm changes nothing", async () => {
    const id = await newOrganization();
    const file = join(dir, "organization.yaml");
    const exported = await org(["export", id, "--out", file]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(
      readFileSync(file, "utf8"),
      new RegExp(`^# exported from ${sandbox.url.replace(/\/$/, "")} on \\d{4}-\\d\\d-\\d\\d\\n`),
    );
    assert.ok(!exported.stdout.includes(sandbox.token("owner")) && !exported.stderr.includes(sandbox.token("owner")));
    const same = await org(["plan", file]);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /^Plan for Cli\d+ \([0-9a-f-]{36}\) · 0 changes\n\(none\)\n$/);

    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        /^roles:\n {2}prune: false(.*)\n {2}items: \[\]/m,
        "roles:\n  items:\n    - title: Readers",
      ),
    );
    const pending = await org(["plan", file]);
    assert.equal(pending.code, 2, pending.stdout + pending.stderr);
    assert.match(pending.stdout, /create role\s+Readers/);
    const dry = await org(["apply", file]);
    assert.equal(dry.code, 2);
    assert.match(dry.stdout, new RegExp(`dry run: nothing changed; pass --confirm ${id} to apply`));
    assert.equal((await org(["plan", file])).code, 2, "the dry run changed nothing");

    const applied = await org(["apply", file, "--confirm", id]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /create role\s+Readers\s+done/);
    assert.equal((await org(["plan", file])).code, 0);
  });

  test("errors exit 1 with the reason: a bad document, an unknown e-mail, a wrong --confirm", async () => {
    const id = await newOrganization();
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      `version: 1\norganization: { id: ${id} }\nmembers:\n  items:\n    - email: nobody@example.net\n`,
    );
    const unknown = await org(["plan", file]);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr,
      /^error: \S*bad\.yaml line 5, members\.items\[0\]\.email: is an e-mail no user has, got "nobody@example\.net"\n$/,
    );
    writeFileSync(file, `version: 1\nroles:\n  itemz: []\n`);
    const malformed = await org(["plan", file, "--organization", id]);
    assert.equal(malformed.code, 1);
    assert.match(malformed.stderr, /bad\.yaml line 3, roles\.itemz: is not a known key/);
    writeFileSync(file, `version: 1\nroles: { items: [{ title: X }] }\n`);
    const wrong = await org(["apply", file, "--organization", id, "--confirm", "someone-else"]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /options\.confirm must be/);
    assert.equal((await exportOrganization(ol, id)).roles.items.length, 0, "nothing was changed");
  });

  test("an apply killed part way is finished by planning and applying again, nothing done twice", async () => {
    const id = await newOrganization();
    const titles = Array.from({ length: 120 }, (_, i) => `Role ${String(i).padStart(3, "0")}`);
    const file = join(dir, "large.yaml");
    writeFileSync(
      file,
      [
        "version: 1",
        `organization: { id: ${id} }`,
        "roles:",
        "  items:",
        ...titles.map((title) => `    - title: ${title}`),
        "members:",
        "  items:",
        `    - email: ${member.email}`,
        `      roles: [${titles.join(", ")}]`,
      ].join("\n"),
    );
    const desired = readOrganizationDocument(file);
    const total = (await planOrganization(ol, desired)).changes.length;
    assert.equal(total, 241);
    let done = 0;
    const killed = await org(["apply", file, "--confirm", id, "--concurrency", "2"], (stderr, kill) => {
      const last = [...stderr.matchAll(/(\d+)\/241 changes · (\d+) done/g)].at(-1);
      if (last && Number(last[2]) >= 30 && !done) {
        done = Number(last[2]);
        kill();
      }
    });
    assert.equal(killed.signal, "SIGKILL", killed.stdout + killed.stderr);
    assert.ok(done > 0 && done < total);

    const rest = (await planOrganization(ol, desired)).changes;
    // left: exactly what the organization lacks; what was reported done (and what was in flight) is not planned again
    const made = await exportOrganization(ol, id);
    const madeBefore =
      made.roles.items.length +
      made.members.items.filter((m) => m.email === member.email).flatMap((m) => ["member", ...m.roles]).length;
    assert.equal(rest.length, total - madeBefore);
    assert.ok(rest.length <= total - done, `${rest.length} left of ${total}, ${done} reported done`);
    assert.ok(
      rest.every(
        (change) =>
          change.kind !== "create role" || !made.roles.items.some((role) => role.title === change.role!.title),
      ),
    );
    const finished = await org(["apply", file, "--confirm", id]);
    assert.equal(finished.code, 0, finished.stdout + finished.stderr);
    assert.match(finished.stdout, new RegExp(`Applied to ${id}: done ${rest.length} · ${rest.length} changes\\n`));
    assert.equal((await org(["plan", file])).code, 0, "nothing is left");
  });
});
