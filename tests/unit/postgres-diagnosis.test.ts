// What keeps the embedded PostgreSQL from starting, read from the lines it wrote to its log.
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { test } from "node:test";
import { diagnose } from "../../sandbox/db/supervisor.js";

const server = { dataDir: "/srv/sandbox-data", port: 5999 };
const at = "2026-12-01 00:20:52.921 UTC [21673]";

test("a taken port, a full disk and a damaged data folder are named, with what to do", () => {
  const port = diagnose(
    `${at} LOG:  could not bind IPv4 address "127.0.0.1": Address already in use
${at} HINT:  Is another postmaster already running on port 5999? If not, wait a few seconds and retry.
${at} FATAL:  could not create any TCP/IP sockets\n`,
    server,
  );
  assert.deepEqual(port, {
    cause:
      'port 5999 is taken by another program (PostgreSQL: could not bind IPv4 address "127.0.0.1": Address already in use)',
    advice: "Stop that program, or restart the sandbox (it picks a free port).",
  });
  const full = diagnose(
    `${at} PANIC:  could not write to file "pg_wal/xlogtemp.21679": No space left on device\n`,
    server,
  );
  assert.match(
    full!.cause,
    /^the disk holding \/srv\/sandbox-data is full \(PostgreSQL: could not write to file "pg_wal\/xlogtemp\.21679": No space left on device\)$/,
  );
  assert.equal(full!.advice, "Free some space, then restart the sandbox.");
  const damaged = diagnose(
    `${at} LOG:  invalid checkpoint record\n${at} PANIC:  could not locate a valid checkpoint record at 0/288C018\n`,
    server,
  );
  assert.equal(damaged!.cause, "the data folder /srv/sandbox-data is damaged (PostgreSQL: invalid checkpoint record)");
  assert.match(damaged!.advice, /^Restore it from a copy, or remove it to start afresh/);
});

test("files PostgreSQL may not open are a permission problem, not a damaged data folder", () => {
  const denied = diagnose(`${at} FATAL:  could not open file "global/pg_filenode.map": Permission denied\n`, server);
  assert.equal(
    denied!.cause,
    'PostgreSQL may not read or write its files in /srv/sandbox-data (PostgreSQL: could not open file "global/pg_filenode.map": Permission denied)',
  );
  assert.match(denied!.advice, /^Give the data folder back to the user PostgreSQL runs as/);
});

test("another FATAL line is quoted as it is; a log without one gives no diagnosis", () => {
  const other = diagnose(
    `${at} LOG:  starting PostgreSQL 18.4\n${at} FATAL:  lock file "postmaster.pid" already exists\n`,
    server,
  );
  assert.deepEqual(other, {
    cause: 'lock file "postmaster.pid" already exists',
    advice: `See ${resolve("/srv/sandbox-data/postgres.log")}, then restart the sandbox.`,
  });
  assert.equal(diagnose(`${at} LOG:  starting PostgreSQL 18.4\n`, server), undefined);
  assert.equal(diagnose("", server), undefined);
});

test("a statement PostgreSQL logged (it may hold a password) is never quoted", () => {
  const logged = `${at} ERROR:  could not open file "base/16384/2619": No such file or directory
${at} STATEMENT:  ALTER ROLE "ol-internal|organization|x" PASSWORD 'corrupt-s3cret'\n`;
  assert.doesNotMatch(JSON.stringify(diagnose(logged, server)), /s3cret/);
});
