// The embedded PostgreSQL's postmaster SIGKILLed under the sandbox (as the out-of-memory killer would): the
// sandbox restarts it, recovers, and serves again; past its restart limit it says so and stays quiet.
import assert from "node:assert/strict";
import { readFileSync, renameSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiClient } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { OpenLattice } from "../../lib/connect.js";
import { ServerError } from "../../lib/errors.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { halfMade } from "./invariants.js";
import { assertAcknowledged, demoPeople, writeStream } from "./write-stream.js";

/** Generous bounds for a loaded 2-core machine; the figures measured are printed and stated in docs/reliability.md. */
const BACK_WITHIN_MS = 30_000;

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox?.stop();
});

/** One GET of the organizations: its status, Retry-After and error message. */
async function probe() {
  const headers = { Authorization: `Bearer ${sandbox.token("owner")}` };
  const response = await fetch(`${sandbox.url}/datastore/organizations`, {
    headers,
    signal: AbortSignal.timeout(10_000),
  }).catch((error) => {
    throw new Error(`no answer (${error}); the sandbox printed:\n${sandbox.output()}`);
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    message: body.errors?.[0]?.message,
  };
}

/** SIGKILLs the postmaster; returns its pid. */
async function killPostmaster(): Promise<number> {
  const pid = sandbox.postmasterPid();
  assert.ok(pid, "a postmaster runs");
  process.kill(pid, "SIGKILL");
  return pid;
}

/**
 * Polls every 100 ms until the sandbox answers 200 on a postmaster other than `killed` (a backend of the killed
 * one may answer for a moment); the 503 messages seen meanwhile.
 */
async function untilServing(killed: number, withinMs = BACK_WITHIN_MS): Promise<{ ms: number; messages: Set<string> }> {
  const started = Date.now();
  const messages = new Set<string>();
  while (Date.now() - started < withinMs) {
    const { status, retryAfter, message } = await probe();
    const postmaster = sandbox.postmasterPid();
    if (status === 200 && postmaster && postmaster !== killed) return { ms: Date.now() - started, messages };
    if (status === 200) continue;
    assert.equal(status, 503, message);
    assert.match(retryAfter ?? "", /^\d+$/);
    messages.add(message!);
    await sleep(100);
  }
  assert.fail(`not serving again after ${withinMs} ms; answers: ${[...messages].join(" | ")}`);
}

/** CPU seconds (user and system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 a second on Linux)
}

describe("the embedded PostgreSQL killed under the sandbox", () => {
  test("under a stream of writes: serves again within the bound, every acknowledged write is there, nothing is half-made", async () => {
    const people = await demoPeople(sandbox);
    let stopped = false;
    const { done, log } = writeStream(sandbox, { workers: 3, stopped: () => stopped, people, tolerate: [500, 503] });
    const started = Date.now();
    while (log.orgs.length + log.members.length < 6 && log.failures.length === 0 && Date.now() - started < 30_000)
      await sleep(20);
    await sleep(Math.random() * 500);
    const killedAt = Date.now();
    const old = await killPostmaster();
    const { ms, messages } = await untilServing(old);
    console.log(`serving again ${ms} ms after the SIGKILL (${Date.now() - killedAt} ms)`);
    assert.ok(
      [...messages].some((m) => /^PostgreSQL exited \(signal SIGKILL\); restarting, attempt 1 of 5\.$/.test(m)),
      [...messages].join(" | "),
    );
    const acknowledgedBefore = log.orgs.length + log.members.length + log.roles.length + log.entities.length;
    await sleep(1500); // the workers write again
    stopped = true;
    await done;
    assert.deepEqual(log.failures, []);
    assert.ok(
      log.tolerated.every((status) => status === 503 || status === 500),
      `${log.tolerated}`,
    );
    assert.ok(
      log.orgs.length + log.members.length + log.roles.length + log.entities.length > acknowledgedBefore,
      "writes acknowledged after the restart",
    );
    await assertAcknowledged(sandbox, log);
    assert.deepEqual(await halfMade(sandbox), []);
    assert.match(sandbox.output(), /PostgreSQL is back \(attempt 1, started in [\d.]+ s\); serving again/);
  });

  test("when its data folder is damaged meanwhile, the 503 says so and what to do; repaired, it comes back", async () => {
    const control = join(sandbox.dataDir, "postgres", "global", "pg_control");
    const message = await killAndBreak(async () => {
      renameSync(control, `${control}.moved`);
      return () => renameSync(`${control}.moved`, control);
    });
    const dataDir = sandbox.dataDir.replaceAll(/[.\\/]/g, (c) => `\\${c}`);
    assert.match(
      message,
      new RegExp(
        `^PostgreSQL cannot start: the data folder ${dataDir} is damaged \\(PostgreSQL: .*pg_control.*\\); restarting, attempt \\d of 5\\. Restore it from a copy, or remove it to start afresh \\(the sandbox's data is then lost\\), then restart the sandbox\\.$`,
      ),
    );
  });

  test("when its port is taken meanwhile, the 503 names the cause from PostgreSQL's log; freed, it comes back", async () => {
    const { port } = sandbox.postgres;
    const message = await killAndBreak(async () => {
      const blocker = await takePort(port);
      return () => blocker.close();
    });
    assert.match(
      message,
      new RegExp(
        `^PostgreSQL cannot start: port ${port} is taken by another program \\(PostgreSQL: could not bind .*Address already in use\\); restarting, attempt \\d of 5\\. Stop that program, or restart the sandbox \\(it picks a free port\\)\\.$`,
      ),
    );
  });

  test("killed again and again past the limit: a clear final error, no further restarts, no busy loop", async () => {
    let final: Awaited<ReturnType<typeof probe>> | undefined;
    for (let kills = 1; !final; kills++) {
      assert.ok(kills <= 6, "five restarts at most");
      const old = await killPostmaster();
      const started = Date.now();
      while (Date.now() - started < BACK_WITHIN_MS) {
        const answer = await probe();
        const postmaster = sandbox.postmasterPid();
        if (answer.status === 200 && postmaster && postmaster !== old) break;
        if (/stopped restarting/.test(answer.message ?? "")) {
          final = answer;
          break;
        }
        await sleep(100);
      }
    }
    assert.equal(final.status, 503);
    assert.equal(final.retryAfter, "3600");
    const log = join(sandbox.dataDir, "postgres.log").replaceAll(/[.\\/]/g, (c) => `\\${c}`);
    assert.match(
      final.message!,
      new RegExp(
        `^PostgreSQL exited \\(signal SIGKILL\\); the sandbox stopped restarting it after 5 attempts\\. See .*${log}, then restart the sandbox\\.$`,
      ),
    );
    assert.match(sandbox.output(), /sandbox: PostgreSQL exited \(signal SIGKILL\); the sandbox stopped restarting it/);

    // The client gives up at once (a Retry-After over 60 s is not waited for) with the sandbox's message.
    const api = new OpenLattice(
      new ApiClient(new Configuration({ host: sandbox.url, accessToken: sandbox.token("owner") })),
    ).organizations;
    const asked = Date.now();
    await assert.rejects(
      api.getOrganizations(),
      (error: unknown) => error instanceof ServerError && /stopped restarting/.test(error.message),
    );
    assert.ok(Date.now() - asked < 2000, "no retries");

    // Down for good: no postmaster comes back, and the sandbox idles (requests are answered without PostgreSQL).
    const pid = Number(readFileSync(join(sandbox.dataDir, "sandbox.pid"), "utf8"));
    const cpuBefore = cpuSeconds(pid);
    await sleep(3000);
    const cpu = cpuSeconds(pid) - cpuBefore;
    console.log(`CPU while down: ${cpu.toFixed(2)} s in 3 s`);
    assert.ok(cpu < 0.3, `the sandbox used ${cpu} s of CPU in 3 s while down`);
    assert.equal(sandbox.postmasterPid(), undefined);
    assert.equal((await probe()).status, 503);
  });
});

/**
 * SIGKILLs the postmaster and, once the sandbox knows (a request would otherwise still try the old server),
 * breaks something with `sabotage`; waits for the 503 naming the cause, repairs, and waits until it serves
 * again with nothing half-made. Returns that 503's message.
 */
async function killAndBreak(sabotage: () => Promise<() => void>): Promise<string> {
  const old = await killPostmaster();
  while (!/exited/.test((await probe()).message ?? "")) await sleep(20);
  const repair = await sabotage();
  let message = "";
  try {
    for (
      const started = Date.now();
      !/cannot start/.test(message) && Date.now() - started < BACK_WITHIN_MS;
      await sleep(100)
    ) {
      message = (await probe()).message ?? "";
    }
  } finally {
    repair();
  }
  await untilServing(old);
  assert.deepEqual(await halfMade(sandbox), []);
  return message;
}

/** Listens on 127.0.0.1:`port` as soon as the killed postmaster has let it go (tried every 20 ms for 5 s). */
async function takePort(port: number): Promise<Server> {
  for (const deadline = Date.now() + 5000; ; await sleep(20)) {
    const server = createServer();
    const listening = await new Promise<boolean>((done) => {
      server.once("error", () => done(false));
      server.listen(port, "127.0.0.1", () => done(true));
    });
    if (listening) return server;
    assert.ok(Date.now() < deadline, `port ${port} was not let go`);
  }
}
