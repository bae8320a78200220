// Embedded PostgreSQL only: kills and restarts the embedded postmaster and reads its data folder, so it is not
// part of npm run test:existing-postgres.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { defaultDatabaseName, integrationLogin, roleGroup } from "../../sandbox/naming.js";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { EXTRA_USERS } from "../../sandbox/seed/users.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { halfMade } from "./invariants.js";
import { assertAcknowledged, demoPeople, owner as ownerOf, writeStream } from "./write-stream.js";

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox?.stop();
});

/** Kills the sandbox (SIGKILL, PostgreSQL left running) and starts it again on the same data folder. */
async function crashAndRestart() {
  await sandbox.kill();
  sandbox = await startTestSandbox({}, { dataDir: sandbox.dataDir });
}

const owner = () => ownerOf(sandbox);

describe("the sandbox killed in the middle of writes", () => {
  test("after a restart on the same data folder every acknowledged write is there and nothing is half-made", async () => {
    const people = await demoPeople(sandbox);
    for (let round = 0; round < 2; round++) {
      let killed = false;
      const { done, log } = writeStream(sandbox, { workers: 6, stopped: () => killed, people });
      const started = Date.now();
      const kinds = () =>
        [log.orgs, log.members, log.roles, log.entities].every((acked) => acked.length > 0) && log.titles.size > 0;
      while (!kinds() && log.failures.length === 0 && Date.now() - started < 30_000) await sleep(20);
      await sleep(Math.random() * 800); // then kill at a random point of the stream
      killed = true;
      await sandbox.kill();
      await done;
      assert.deepEqual(log.failures, []);
      assert.ok(
        log.members.length > 0 && log.entities.length > 0,
        "each kind of write was acknowledged before the kill",
      );
      sandbox = await startTestSandbox({}, { dataDir: sandbox.dataDir });
      await assertAcknowledged(sandbox, log);
      assert.deepEqual(await halfMade(sandbox), []);
    }
  });

  test("a postmaster killed too, with a lock file naming a live process, does not keep the sandbox from starting", async () => {
    const name = `Stale${Date.now()}`;
    const org = await owner().organizations.createOrganizationIfNotExists({
      title: name,
      principal: { type: "ORGANIZATION", id: name },
    });
    const postmaster = sandbox.postmasterPid()!;
    await sandbox.kill();
    process.kill(postmaster, "SIGKILL");
    while (sandbox.postmasterPid() !== undefined) await sleep(50);
    writeFileSync(join(sandbox.dataDir, "postgres", "postmaster.pid"), "1\n");
    sandbox = await startTestSandbox({}, { dataDir: sandbox.dataDir });
    assert.equal((await owner().organizations.getOrganization(org)).title, name);
    assert.deepEqual(await halfMade(sandbox), []);
  });

  test("finishes or rolls back each kind of half-made write", async () => {
    const api = owner().organizations;
    const newOrg = async (name: string) =>
      api.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
    const [a, b, c] = [
      await newOrg(`RecA${Date.now()}`),
      await newOrg(`RecB${Date.now()}`),
      await newOrg(`RecC${Date.now()}`),
    ];
    const [member, other] = [EXTRA_USERS.at(-1)!.user_id, EXTRA_USERS.at(-2)!.user_id];
    await api.addMember(a, member);
    await api.addMember(a, other);
    const role = await api.createRole({
      organizationId: a,
      title: "Kept",
      principal: { type: "ROLE", id: `${a}|Kept` },
    });
    await api.addRoleToUser(a, role, member);
    const [dbA, dbB, dbC] = [
      await api.getOrganizationDatabaseName(a),
      await api.getOrganizationDatabaseName(b),
      await api.getOrganizationDatabaseName(c),
    ];
    const integrationC = await api.getOrganizationIntegrationAccount(c);
    const adminRoleA = (await api.getOrganization(a)).adminRoleAclKey[1]!;
    const people = await owner().entitySets.getEntitySetId("demo_people");
    await api.assembleEntitySets(SAMPLE_ORGANIZATION.id, { [people]: null });
    const control = await sandbox.superuser("openlattice");
    const otherLogin = (await control.query("SELECT username FROM db_logins WHERE user_id = $1", [other])).rows[0]
      .username as string;
    const orgA = await sandbox.superuser(dbA);
    const cluster = await sandbox.superuser();
    const renamed = `renamed_${Date.now()}`;
    for (const [client, sql] of [
      [orgA, `DROP OWNED BY "${integrationLogin(a)}"`], // A loses its integration login
      [cluster, `DROP ROLE "${integrationLogin(a)}"`],
      [cluster, `DROP DATABASE ${dbB} WITH (FORCE)`], // B: a record without its database
      [cluster, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbC}'`], // C: renamed, the record not updated
      [cluster, `ALTER DATABASE ${dbC} RENAME TO ${renamed}`],
      [cluster, `CREATE DATABASE ${defaultDatabaseName("00000000-0000-0000-0000-000000000001")}`], // a database without its organization
      [cluster, `DROP ROLE "${roleGroup(role)}"`], // a role without its group
      [cluster, `REVOKE ALL ON DATABASE ${dbA} FROM ${otherLogin}`], // a member without database access
      [cluster, `GRANT "${roleGroup(adminRoleA)}" TO ${otherLogin}`], // a group grant without the role
      [cluster, `ALTER ROLE "${integrationC.user}" PASSWORD 'not-the-recorded-one'`], // a credential roll half done
      [
        control,
        `INSERT INTO materialized_entity_sets (organization_id, entity_set_id, flags)
                 SELECT '${a}', id, '{MATERIALIZED}' FROM entity_sets WHERE name = 'demo_people'`,
      ], // a record without its view
      [control, `DELETE FROM materialized_entity_sets WHERE organization_id = '${SAMPLE_ORGANIZATION.id}'`], // a view without its record
    ] as const)
      await client.query(sql);
    await Promise.all([control.end(), orgA.end(), cluster.end()]);

    await crashAndRestart();
    const after = owner().organizations;
    assert.equal((await after.getOrganizationIntegrationAccount(a)).user, integrationLogin(a));
    await assert.rejects(after.getOrganization(b), /does not exist/);
    assert.equal(await after.getOrganizationDatabaseName(c), renamed);
    assert.deepEqual(
      (await after.getAllUsersOfRole(a, role)).map((u) => u.user_id),
      [member],
    );
    const { Client } = (await import("pg")).default;
    const asC = new Client({
      ...sandbox.postgres,
      user: integrationC.user,
      password: integrationC.credential,
      database: renamed,
    });
    await asC.connect();
    await asC.end();
    assert.deepEqual(await after.getOrganizationEntitySets(SAMPLE_ORGANIZATION.id).then((flags) => flags[people]), [
      "EXTERNAL",
    ]);
    assert.deepEqual(await halfMade(sandbox), []);
  });

  /** Sessions that ended on `database` so far (PostgreSQL's statistics, kept across clean restarts). */
  async function sessionsEnded(database: string): Promise<number> {
    const cluster = await sandbox.superuser();
    try {
      return Number(
        (await cluster.query("SELECT sessions FROM pg_stat_database WHERE datname = $1", [database])).rows[0].sessions,
      );
    } finally {
      await cluster.end();
    }
  }

  async function restart() {
    await sandbox.stop({ keepData: true });
    sandbox = await startTestSandbox({}, { dataDir: sandbox.dataDir });
  }

  test("opens each organization's database once, bringing its foreign server up to date in the same session", async () => {
    const name = `OneSession${Date.now()}`;
    const api = owner().organizations;
    const org = await api.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } });
    const database = await api.getOrganizationDatabaseName(org);
    const inside = await sandbox.superuser(database);
    await inside.query("CREATE EXTENSION postgres_fdw");
    await inside.query(
      "CREATE SERVER platform FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '1', dbname 'openlattice')",
    );
    await inside.end();
    await restart(); // the sessions the sandbox kept open on the database end, and are counted
    const before = await sessionsEnded(database);
    await restart();
    assert.equal((await sessionsEnded(database)) - before, 1);
    const check = await sandbox.superuser(database);
    const { rows } = await check.query("SELECT srvoptions FROM pg_foreign_server WHERE srvname = 'platform'");
    await check.end();
    assert.ok(rows[0].srvoptions.includes(`port=${sandbox.postgres.port}`), String(rows[0].srvoptions));
  });
});
