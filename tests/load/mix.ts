import { ApiClient } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { OpenLattice } from "../../lib/connect.js";
import { ALL_USERS, SEEDED_USERS } from "../../sandbox/seed/users.js";
import { percentile } from "../../bench/stats.js";

/** What a load run needs of a sandbox: where it is and tokens. */
export interface LoadTarget {
  url: string;
  token(user: "owner"): string;
}

export interface LoadOptions {
  durationMs: number;
  clients?: number;
  organizations?: number;
}

type Kind = "read" | "member" | "role grant" | "title" | "role create";

export interface LoadResult {
  clients: number;
  organizations: number;
  durationMs: number;
  requests: number;
  /** Requests per second over the run. */
  throughput: number;
  /** Latency in ms, overall and by kind of call. */
  latency: Record<"all" | Kind, { count: number; p50: number; p99: number; max: number }>;
  /** Every failed call: kind, status (0 without one) and message. */
  errors: { kind: Kind; status: number; message: string }[];
  /** Where the final state differs from the sum of acknowledged changes. */
  lostUpdates: string[];
}

/** One client's own part of an organization, and its log of acknowledged changes to it. */
interface Client {
  api: OpenLattice["organizations"];
  org: string;
  users: string[];
  members: Set<string>;
  roles: Map<string, { title: string; holders: Set<string> }>;
  ownsOrgTitle: boolean;
  orgTitle?: string;
  changes: number;
}

const MAX_ROLES = 4;

/**
 * `clients` concurrent clients (default 32), signed in as the owner, over `organizations` organizations (default
 * 4) for `durationMs`. Each client owns distinct users (it adds and removes them as members), the roles it creates
 * (it gives them to and takes them from its users, and retitles them), and one client per organization its title;
 * about half the calls are reads. Each client logs the changes that were acknowledged, so at the end the sandbox's
 * state must equal what the logs add up to: any difference is a lost update.
 */
export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const clientCount = options.clients ?? 32;
  const orgCount = options.organizations ?? 4;
  const api = (maxRetries: number) =>
    new OpenLattice(
      new ApiClient(new Configuration({ host: target.url, accessToken: target.token("owner") }), { maxRetries }),
    ).organizations;
  const setup = api(2);
  const orgs: string[] = [];
  for (let i = 0; i < orgCount; i++) {
    const name = `Load${i}x${Date.now()}`;
    orgs.push(
      await setup.createOrganizationIfNotExists({ title: name, principal: { type: "ORGANIZATION", id: name } }),
    );
  }
  const users = ALL_USERS.map((u) => u.user_id).filter((id) => id !== SEEDED_USERS.owner.user_id);
  const perOrg = Math.ceil(clientCount / orgCount);
  const share = Math.max(1, Math.floor(users.length / perOrg));
  const clients: Client[] = Array.from({ length: clientCount }, (_, c) => {
    const slot = Math.floor(c / orgCount);
    return {
      api: api(0), // no retries: every failure is counted
      org: orgs[c % orgCount]!,
      users: users.slice(slot * share, slot * share + share),
      members: new Set(),
      roles: new Map(),
      ownsOrgTitle: slot === 0,
      changes: 0,
    };
  });

  const samples: { kind: Kind; ms: number }[] = [];
  const errors: LoadResult["errors"] = [];
  const call = async (kind: Kind, work: () => Promise<unknown>): Promise<boolean> => {
    const started = performance.now();
    try {
      await work();
      samples.push({ kind, ms: performance.now() - started });
      return true;
    } catch (error) {
      const e = error as { status?: number; message: string };
      errors.push({ kind, status: e.status ?? 0, message: e.message });
      return false;
    }
  };
  const started = Date.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; Date.now() - started < options.durationMs; i++) await step(client, c, i, call);
    }),
  );
  const durationMs = Date.now() - started;
  const lostUpdates = await verify(setup, clients, orgs);

  const stats = (ms: number[]) => ({
    count: ms.length,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    max: Math.max(...ms),
  });
  const kinds: Kind[] = ["read", "member", "role grant", "title", "role create"];
  return {
    clients: clientCount,
    organizations: orgCount,
    durationMs,
    requests: samples.length + errors.length,
    throughput: ((samples.length + errors.length) * 1000) / durationMs,
    latency: Object.fromEntries([
      ["all", stats(samples.map((s) => s.ms))],
      ...kinds.map((kind) => [kind, stats(samples.filter((s) => s.kind === kind).map((s) => s.ms))]),
    ]) as LoadResult["latency"],
    errors,
    lostUpdates,
  };
}

type Call = (kind: Kind, work: () => Promise<unknown>) => Promise<boolean>;

/** One call of a client's mix: half reads, then member changes, role grants, titles and (a few) new roles. */
async function step(client: Client, c: number, i: number, call: Call) {
  const { api, org } = client;
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];
  const roll = Math.random();
  const roleIds = [...client.roles.keys()];
  if (roll < 0.5) {
    const role = pick(roleIds);
    const reads: (() => Promise<unknown>)[] = [
      () => api.getOrganization(org),
      () => api.getMembers(org),
      () => api.getRoles(org),
    ];
    if (role)
      reads.push(
        () => api.getRole(org, role),
        () => api.getAllUsersOfRole(org, role),
      );
    await call("read", pick(reads)!);
  } else if (roll < 0.65 || (roll < 0.8 && roleIds.length === 0)) {
    const user = pick(client.users)!;
    const member = client.members.has(user);
    if (await call("member", () => (member ? api.removeMember(org, user) : api.addMember(org, user)))) {
      if (member) for (const role of client.roles.values()) role.holders.delete(user); // their roles here go too
      client.members[member ? "delete" : "add"](user);
    }
  } else if (roll < 0.8) {
    const [roleId, user] = [pick(roleIds)!, pick(client.users)!];
    const role = client.roles.get(roleId)!;
    const held = role.holders.has(user);
    if (
      await call("role grant", () =>
        held ? api.removeRoleFromUser(org, roleId, user) : api.addRoleToUser(org, roleId, user),
      )
    ) {
      role.holders[held ? "delete" : "add"](user);
    }
  } else if (roll < 0.95 || client.roles.size >= MAX_ROLES) {
    const title = `c${c} v${i}`;
    const roleId = pick(roleIds);
    if (client.ownsOrgTitle && (roll < 0.85 || !roleId)) {
      if (await call("title", () => api.updateTitle(org, title))) client.orgTitle = title;
    } else if (roleId) {
      if (await call("title", () => api.updateRoleTitle(org, roleId, title))) client.roles.get(roleId)!.title = title;
    }
  } else {
    const title = `c${c} role ${client.roles.size}`;
    let roleId = "";
    const principal = { type: "ROLE" as const, id: `${org}|c${c}r${client.roles.size}` };
    if (
      await call("role create", async () => (roleId = await api.createRole({ organizationId: org, title, principal })))
    ) {
      client.roles.set(roleId, { title, holders: new Set() });
    }
  }
}

/** The final state against the clients' logs: members, each role's title and holders, organization titles. */
async function verify(api: OpenLattice["organizations"], clients: Client[], orgs: string[]): Promise<string[]> {
  const lost: string[] = [];
  const same = (a: Iterable<string>, b: Iterable<string>) =>
    JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  for (const org of orgs) {
    const mine = clients.filter((client) => client.org === org);
    const owned = new Set(mine.flatMap((client) => client.users));
    const members = (await api.getMembers(org)).map((m) => m.principal.principal.id).filter((id) => owned.has(id));
    const expected = mine.flatMap((client) => [...client.members]);
    if (!same(members, expected)) lost.push(`${org}: members ${members.sort()} but acknowledged ${expected.sort()}`);
    const title = (await api.getOrganization(org)).title;
    const titled = mine.find((client) => client.ownsOrgTitle && client.orgTitle);
    if (titled && title !== titled.orgTitle) lost.push(`${org}: title ${title} but acknowledged ${titled.orgTitle}`);
    const roles = new Map((await api.getRoles(org)).map((role) => [role.id, role.title]));
    for (const client of mine) {
      for (const [roleId, role] of client.roles) {
        if (roles.get(roleId) !== role.title)
          lost.push(`role ${roleId}: title ${roles.get(roleId)} but acknowledged ${role.title}`);
        const holders = (await api.getAllUsersOfRole(org, roleId)).map((u) => u.user_id);
        if (!same(holders, role.holders))
          lost.push(`role ${roleId}: holders ${holders} but acknowledged ${[...role.holders]}`);
      }
    }
  }
  return lost;
}

/** The figures as a Markdown table. */
export function describeLoad(result: LoadResult): string {
  const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 1 : 0) : "–");
  const rows = Object.entries(result.latency).map(
    ([kind, s]) => `| ${kind} | ${s.count} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} |`,
  );
  const fivexx = result.errors.filter((e) => e.status >= 500).length;
  return [
    `${result.clients} clients, ${result.organizations} organizations, ${(result.durationMs / 1000).toFixed(1)} s: ` +
      `${result.requests} requests, ${result.throughput.toFixed(0)} requests/s; ${result.errors.length} errors (${fivexx} 5xx), ` +
      `${result.lostUpdates.length} lost updates`,
    "",
    "| calls | count | p50 ms | p99 ms | max ms |",
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
