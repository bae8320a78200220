// Workers writing through the sandbox in a loop (organizations, members, roles, titles, entities), each call sent
// once, logging every write that was acknowledged; and the check that each of them is there afterwards.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiClient } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { OpenLattice } from "../../lib/connect.js";
import { EXTRA_USERS } from "../../sandbox/seed/users.js";
import type { TestSandbox } from "../helpers/sandbox.js";

/** The owner, sending each call once: a write is acknowledged exactly when its call returned. */
export const owner = (sandbox: TestSandbox) =>
  new OpenLattice(
    new ApiClient(new Configuration({ host: sandbox.url, accessToken: sandbox.token("owner") }), { maxRetries: 0 }),
  );

/** Every write the workers saw acknowledged, and the titles tried since each organization's last acknowledged one. */
export interface Acknowledged {
  orgs: string[];
  members: [org: string, user: string][];
  roles: [org: string, role: string][];
  titles: Map<string, { acked?: string; tried: string[] }>;
  entities: string[];
  /** Errors that ended a worker. */
  failures: string[];
  /** The statuses of errors the workers went on after. */
  tolerated: number[];
}

export interface StreamOptions {
  workers: number;
  /** The workers stop when this turns true. */
  stopped: () => boolean;
  /** The demo people entity set and its given-name property. */
  people: { setId: string; nameId: string };
  /** Errors with these statuses are logged and the worker goes on (a moment later); any other error ends it. */
  tolerate?: number[];
}

/** Starts the workers; `done` resolves when all have stopped. */
export function writeStream(sandbox: TestSandbox, options: StreamOptions): { done: Promise<void>; log: Acknowledged } {
  const { stopped, people, tolerate = [] } = options;
  const log: Acknowledged = {
    orgs: [],
    members: [],
    roles: [],
    titles: new Map(),
    entities: [],
    failures: [],
    tolerated: [],
  };
  const api = owner(sandbox);
  const worker = async (w: number) => {
    const mine: string[] = [];
    for (let i = 0; !stopped(); i++) {
      const kind = (w + i) % 5;
      try {
        const org = mine[i % Math.max(1, mine.length)];
        if (kind === 4) {
          log.entities.push(
            ...(await api.data.createEntities(people.setId, [{ [people.nameId]: [`Crash ${w}.${i}`] }])),
          );
        } else if (!org || kind === 0) {
          const name = `Crash${w}x${i}x${Date.now()}`;
          mine.push(
            await api.organizations.createOrganizationIfNotExists({
              title: name,
              principal: { type: "ORGANIZATION", id: name },
            }),
          );
          log.orgs.push(mine.at(-1)!);
        } else if (kind === 1) {
          const user = EXTRA_USERS[(w * 5 + i) % EXTRA_USERS.length]!.user_id;
          await api.organizations.addMember(org, user);
          log.members.push([org, user]);
        } else if (kind === 2) {
          const role = await api.organizations.createRole({
            organizationId: org,
            title: `R${i}`,
            principal: { type: "ROLE", id: `${org}|R${i}` },
          });
          log.roles.push([org, role]);
        } else {
          const title = `Title ${w}.${i}`;
          const entry = log.titles.get(org) ?? { tried: [] };
          log.titles.set(org, { ...entry, tried: [...entry.tried, title] });
          await api.organizations.updateTitle(org, title);
          log.titles.set(org, { acked: title, tried: [] });
        }
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status !== undefined && tolerate.includes(status) && !stopped()) {
          log.tolerated.push(status);
          await sleep(50);
          continue;
        }
        if (!stopped()) log.failures.push(String(error));
        return;
      }
    }
  };
  return { done: Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w))).then(() => {}), log };
}

/** The demo people entity set and its given-name property, for the entity writes. */
export async function demoPeople(sandbox: TestSandbox): Promise<{ setId: string; nameId: string }> {
  const entitySets = owner(sandbox).entitySets;
  const setId = await entitySets.getEntitySetId("demo_people");
  const nameId = Object.values(await entitySets.getPropertyTypesOfEntitySet(setId)).find(
    (p) => p.type.name === "PersonGivenName",
  )!.id;
  return { setId, nameId };
}

/** Every acknowledged write is there; a title is the last acknowledged one or one tried after it. */
export async function assertAcknowledged(sandbox: TestSandbox, log: Acknowledged) {
  const api = owner(sandbox).organizations;
  for (const org of log.orgs) assert.equal((await api.getOrganization(org)).id, org);
  for (const [org, user] of log.members) {
    assert.ok(
      (await api.getMembers(org)).some((m) => m.principal.principal.id === user),
      `member ${user} of ${org}`,
    );
  }
  for (const [org, role] of log.roles) assert.equal((await api.getRole(org, role)).id, role);
  for (const [org, { acked, tried }] of log.titles) {
    const title = (await api.getOrganization(org)).title;
    assert.ok(
      title === acked || tried.includes(title) || acked === undefined,
      `title of ${org}: ${title}, acknowledged ${acked}`,
    );
  }
  const db = await sandbox.superuser("openlattice");
  const { rows } = await db.query("SELECT count(*)::int AS n FROM entities WHERE id = ANY($1)", [log.entities]);
  await db.end();
  assert.equal(rows[0].n, log.entities.length, "acknowledged entities");
}
