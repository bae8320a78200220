import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodeFetch from "node-fetch";
import pg from "pg";
import { ApiClient } from "../lib/client.js";
import { Configuration } from "../lib/config.js";
import { OpenLattice } from "../lib/connect.js";
import { startSandbox } from "../sandbox/app.js";
import { mintToken } from "../sandbox/auth/tokens.js";
import { loadSecrets } from "../sandbox/secrets.js";
import { grant } from "../sandbox/services/acl.js";
import { addEdge } from "../sandbox/services/principals.js";
import { insertUser } from "../sandbox/services/users.js";
import { SEEDED_USERS } from "../sandbox/seed/users.js";

/** A fresh in-process sandbox on a temporary data folder, with the owner's token and a superuser connection. */
export interface BenchSandbox {
  url: string;
  ownerToken: string;
  /** The library, signed in as the seeded owner, without retries. */
  owner: OpenLattice;
  /** Superuser connection to the control database, for inserting data directly. */
  control: pg.Client;
  close(): Promise<void>;
}

/** `latencyMs`: the sandbox's `--latency`, a delay before each request, as on a remote deployment. */
export async function startBenchSandbox({ latencyMs = 0 } = {}): Promise<BenchSandbox> {
  const dataDir = mkdtempSync(join(tmpdir(), "ol-bench-"));
  const sandbox = await startSandbox({ dataDir, port: 0, latencyMs });
  const control = new pg.Client({ ...sandbox.postgres.connection("openlattice") });
  await control.connect();
  const ownerToken = await mintToken(SEEDED_USERS.owner, loadSecrets(dataDir).jwtSecret);
  const owner = new OpenLattice(
    new ApiClient(new Configuration({ host: sandbox.url, accessToken: ownerToken }), { maxRetries: 0 }),
  );
  return {
    url: sandbox.url,
    ownerToken,
    owner,
    control,
    close: async () => {
      await control.end();
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A new organization (owned by the seeded owner) with `count` extra users inserted directly as members:
 * each holds the organization's principal and may READ it, as `addMember` leaves them (without database logins);
 * then the tables' statistics are brought up to date.
 */
export async function organizationWithMembers(bench: BenchSandbox, count: number): Promise<string> {
  const id = await bench.owner.organizations.createOrganizationIfNotExists({
    title: `Benchmark organization of ${count} members`,
    principal: { type: "ORGANIZATION", id: `BenchOrg${Date.now()}` },
  });
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(3, "0");
    const principalId = await insertUser(bench.control, {
      user_id: `auth0|${"be7c4".padEnd(21, "0")}${n}`,
      email: `bench.user${n}@example.org`,
      email_verified: true,
      name: `Bench User ${n}`,
      nickname: `bench.user${n}`,
      given_name: "Bench",
      family_name: `User ${n}`,
      created_at: "2024-01-15T17:02:11.000Z",
      identities: [
        { provider: "auth0", connection: "Username-Password-Authentication", user_id: `be7c4${n}`, isSocial: false },
      ],
      app_metadata: { roles: ["AuthenticatedUser"] },
    });
    await addEdge(bench.control, principalId, id);
    await grant(bench.control, [id], principalId, ["READ"]);
  }
  await bench.control.query("ANALYZE"); // as autovacuum would within a minute: plans for the tables' real sizes
  return id;
}

/** One GET with plain node-fetch, as a user without the library would send it: the token, then `json()`. */
export async function rawGet(url: string, token: string): Promise<unknown> {
  const response = await nodeFetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.json();
}
