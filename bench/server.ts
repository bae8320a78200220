import { createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import nodeFetch from "node-fetch";
import { DATASETS } from "../sandbox/seed/datasets.js";
import { SEEDED_USERS } from "../sandbox/seed/users.js";
import { type BenchSandbox, organizationWithMembers, rawGet, startBenchSandbox } from "./sandbox.js";
import { type Row, sideBySide } from "./stats.js";
import { verifyToken } from "../sandbox/auth/jwt.js";
import { mintToken } from "../sandbox/auth/tokens.js";

const MEMBERS = 200;
const ENTITY_SETS = 200;
/** Headers node:http writes itself on both servers. */
const OWN_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

/**
 * The sandbox's answer against a bare node:http server sending the same bytes (status, headers, body), both read
 * by the same raw node-fetch loop: what the sandbox's own work costs, and so the least any client can see.
 */
export async function serverBenchmark(): Promise<Row[]> {
  const bench = await startBenchSandbox();
  try {
    const id = await organizationWithMembers(bench, MEMBERS);
    await moreEntitySets(bench, ENTITY_SETS);
    const paths = [
      ["getOrganization", `/datastore/organizations/${id}`, 300],
      ["getMembers", `/datastore/organizations/${id}/principals/members`, 100],
      ["getAllEntitySets", "/datastore/entity-sets", 100],
    ] as const;
    const rows: Row[] = [];
    for (const [name, path, iterations] of paths) {
      const bare = await bareServer(bench.url + path, bench.ownerToken);
      try {
        const p50 = await sideBySide(
          () => rawGet(bench.url + path, bench.ownerToken),
          () => rawGet(bare.url, bench.ownerToken),
          iterations,
        );
        const size = name === "getAllEntitySets" ? `${ENTITY_SETS} more entity sets` : `${MEMBERS} members`;
        rows.push({
          name: `${name}, ${size}: sandbox (${bare.bytes.toLocaleString("en")} bytes)`,
          ...p50,
          baselineName: "bare node:http, same bytes",
          unit: "ms",
        });
      } finally {
        await bare.close();
      }
    }
    return [...rows, await tokenCheck()];
  } finally {
    await bench.close();
  }
}

/** The sandbox's token check on every request (jose's HS256 verify and the claims) against the HMAC it must compute. */
async function tokenCheck(): Promise<Row> {
  const secret = randomBytes(32).toString("base64url");
  const token = await mintToken(SEEDED_USERS.owner, secret);
  const input = token.slice(0, token.lastIndexOf("."));
  const hmac = async () => createHmac("sha256", secret).update(input).digest("base64url");
  const batch = (check: () => Promise<unknown>) => async () => {
    for (let i = 0; i < 100; i++) await check();
  };
  const p50 = await sideBySide(
    batch(() => verifyToken(token, secret)),
    batch(hmac),
    100,
  );
  return {
    name: "the token check, 100 times (jose)",
    ...p50,
    baselineName: "HMAC-SHA256 of the token, node:crypto",
    unit: "ms",
  };
}

/**
 * `count` more entity sets of demo_people's entity type, inserted directly; the owner may READ every other one
 * and nothing of the rest. Then the tables' statistics are brought up to date.
 */
async function moreEntitySets(bench: BenchSandbox, count: number) {
  await bench.control.query(
    `WITH made AS (
       INSERT INTO entity_sets (id, name, title, entity_type_id, organization_id)
       SELECT gen_random_uuid(), 'bench_set_' || g, 'Benchmark set ' || g, s.entity_type_id, s.organization_id
       FROM entity_sets s, generate_series(1, $2) g WHERE s.id = $1 RETURNING id, name)
     INSERT INTO aces (acl_key, principal, permissions)
     SELECT ARRAY[made.id], p.id, '{READ}' FROM made JOIN principals p ON p.principal_id = $3 WHERE right(made.name, 1) ~ '[02468]'`,
    [DATASETS.people.entitySetId, count, SEEDED_USERS.owner.user_id],
  );
  await bench.control.query("ANALYZE");
}

/** A node:http server answering every request with the status, headers and body the sandbox gave for `url`. */
async function bareServer(url: string, token: string) {
  const answer = await nodeFetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
  const body = Buffer.from(await answer.arrayBuffer());
  const headers = Object.entries(answer.headers.raw()).filter(([name]) => !OWN_HEADERS.has(name));
  const server = createServer((_req, res) => {
    res.writeHead(answer.status, Object.fromEntries(headers));
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    bytes: body.length,
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}
