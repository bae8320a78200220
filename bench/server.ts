import { createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import nodeFetch from "node-fetch";
import { organizationWithMembers, rawGet, startBenchSandbox } from "./sandbox.js";
import { type Row, sideBySide } from "./stats.js";
import { verifyToken } from "../sandbox/auth/jwt.js";
import { mintToken } from "../sandbox/auth/tokens.js";
import { SEEDED_USERS } from "../sandbox/seed/users.js";

const MEMBERS = 200;
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
    const paths = [
      ["getOrganization", `/datastore/organizations/${id}`, 300],
      ["getMembers", `/datastore/organizations/${id}/principals/members`, 100],
    ] as const;
    const rows: Row[] = [];
    for (const [name, path, iterations] of paths) {
      const bare = await bareServer(bench.url + path, bench.ownerToken);
      try {
        const p50 = await sideBySide(() => rawGet(bench.url + path, bench.ownerToken), () => rawGet(bare.url, bench.ownerToken), iterations);
        rows.push({ name: `${name}, ${MEMBERS} members: sandbox (${bare.bytes.toLocaleString("en")} bytes)`, ...p50, baselineName: "bare node:http, same bytes", unit: "ms" });
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
  const p50 = await sideBySide(batch(() => verifyToken(token, secret)), batch(hmac), 100);
  return { name: "the token check, 100 times (jose)", ...p50, baselineName: "HMAC-SHA256 of the token, node:crypto", unit: "ms" };
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
