import { OrganizationsApi } from "../lib/api/organizations.js";
import { ApiClient } from "../lib/client.js";
import { organizationWithMembers, rawGet, startBenchSandbox } from "./sandbox.js";
import { type Row, sideBySide } from "./stats.js";

const MEMBERS = 200;

/**
 * The library against plain node-fetch of the same URL (token header, `json()`), on an organization of 200
 * extra members: what the client adds (token check, timeouts, zod validation) to one call. p50 of alternating
 * calls. Then the library's own work alone: the same call answered by a fetch that hands back the recorded body,
 * against JSON.parse of that body.
 */
export async function clientBenchmark(): Promise<Row[]> {
  const bench = await startBenchSandbox();
  try {
    const id = await organizationWithMembers(bench, MEMBERS);
    const calls = [
      ["getOrganization", (api: OrganizationsApi) => api.getOrganization(id), `/datastore/organizations/${id}`, 300],
      [
        "getMembers",
        (api: OrganizationsApi) => api.getMembers(id),
        `/datastore/organizations/${id}/principals/members`,
        100,
      ],
    ] as const;
    const rows: Row[] = [];
    for (const [name, call, path, iterations] of calls) {
      const raw = () => rawGet(bench.url + path, bench.ownerToken);
      const p50 = await sideBySide(() => call(bench.owner.organizations), raw, iterations);
      rows.push({
        name: `${name}, ${MEMBERS} members: library`,
        ...p50,
        baselineName: "raw node-fetch, same URL",
        unit: "ms",
        target: 1.2,
      });

      const text = JSON.stringify(await raw()); // the sandbox writes JSON.stringify's output: the same bytes
      const answer = {
        status: 200,
        headers: new Headers({ "content-type": "application/json" }),
        text: async () => text,
      };
      const canned = new OrganizationsApi(
        new ApiClient(bench.owner.client.configuration, { fetch: async () => answer }),
      );
      const own = await sideBySide(
        () => call(canned),
        async () => JSON.parse(text),
        1000,
      );
      rows.push({
        name: `${name}: the library's own work (answer canned)`,
        ...own,
        baselineName: "JSON.parse of the same body",
        unit: "ms",
      });
    }
    return rows;
  } finally {
    await bench.close();
  }
}
