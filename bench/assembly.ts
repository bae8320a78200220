import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { ApiClient } from "../lib/client.js";
import { Configuration } from "../lib/config.js";
import { OpenLattice } from "../lib/connect.js";
import { startSandbox } from "../sandbox/app.js";
import { mintToken } from "../sandbox/auth/tokens.js";
import { DATASETS } from "../sandbox/seed/datasets.js";
import { SAMPLE_ORGANIZATION } from "../sandbox/seed/organizations.js";
import { SEEDED_USERS } from "../sandbox/seed/users.js";
import { loadSecrets } from "../sandbox/secrets.js";
import { median, type Row, time } from "./stats.js";

const ENTITIES = 100_000;
const NEW_ENTITIES = 1_000;
const ROUNDS = 5;

/**
 * Assembling an entity set of 100,000 entities through the API, against the same rows materialized by one
 * direct SQL statement in the same PostgreSQL; then a refresh after 1,000 new entities, against the direct
 * view's REFRESH after the same rows. Medians of alternating rounds.
 */
export async function assemblyBenchmark(): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "ol-bench-"));
  const sandbox = await startSandbox({ dataDir, port: 0 });
  const secrets = loadSecrets(dataDir);
  const control = new pg.Client({ ...sandbox.postgres.connection("openlattice") });
  await control.connect();
  try {
    const ol = new OpenLattice(
      new ApiClient(
        new Configuration({ host: sandbox.url, accessToken: await mintToken(SEEDED_USERS.owner, secrets.jwtSecret) }),
        { maxRetries: 0, timeoutMs: 600_000, totalTimeoutMs: 600_000 },
      ),
    );
    const entitySetId = await benchEntitySet(control);
    const types = Object.values(await ol.entitySets.getPropertyTypesOfEntitySet(entitySetId));
    const columns = types.map(
      (p) =>
        `(properties -> '${p.id}' ->> 0)::${p.datatype === "Date" ? "date" : p.datatype === "Int32" ? "integer" : "text"} AS "${p.type.namespace}.${p.type.name}"`,
    );
    const direct = `SELECT entity_set_id, id, ${columns.join(", ")} FROM entities WHERE entity_set_id = '${entitySetId}'`;

    const assembled: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      assembled.push(
        await time(() => ol.organizations.assembleEntitySets(SAMPLE_ORGANIZATION.id, { [entitySetId]: null })),
      );
      baseline.push(
        await time(async () => {
          await control.query("DROP MATERIALIZED VIEW IF EXISTS bench_direct");
          await control.query(`CREATE MATERIALIZED VIEW bench_direct AS ${direct}`);
        }),
      );
    }

    const refreshed: number[] = [];
    const refreshBaseline: number[] = [];
    const given = types.find((p) => p.type.name === "PersonGivenName")!.id;
    for (let round = 0; round < ROUNDS; round++) {
      await ol.data.createEntities(
        entitySetId,
        Array.from({ length: NEW_ENTITIES }, () => ({ [given]: ["Bench"] })),
      );
      refreshed.push(await time(() => ol.organizations.refreshDataChanges(SAMPLE_ORGANIZATION.id, entitySetId)));
      refreshBaseline.push(await time(() => control.query("REFRESH MATERIALIZED VIEW bench_direct")));
    }
    return [
      {
        name: `assemble ${ENTITIES.toLocaleString("en")} entities`,
        measured: median(assembled),
        baseline: median(baseline),
        baselineName: "one direct CREATE MATERIALIZED VIEW",
        unit: "ms",
        target: 1.5,
      },
      {
        name: `refresh after ${NEW_ENTITIES.toLocaleString("en")} new entities`,
        measured: median(refreshed),
        baseline: median(refreshBaseline),
        baselineName: "direct REFRESH MATERIALIZED VIEW",
        unit: "ms",
      },
    ];
  } finally {
    await control.end();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A copy of demo_people's entity type with 100,000 generated people, materializable by the sample organization. */
async function benchEntitySet(control: pg.Client): Promise<string> {
  const id = randomUUID();
  const { people } = DATASETS;
  await control.query(
    `INSERT INTO entity_sets (id, name, title, entity_type_id, organization_id)
     SELECT $1, 'bench_people', 'Benchmark people', entity_type_id, organization_id FROM entity_sets WHERE id = $2`,
    [id, people.entitySetId],
  );
  await control.query(
    `INSERT INTO entities (entity_set_id, id, properties)
     SELECT $1, gen_random_uuid(), e.properties FROM generate_series(1, $3) g, entities e WHERE e.entity_set_id = $2 LIMIT $4`,
    [id, people.entitySetId, Math.ceil(ENTITIES / people.count), ENTITIES],
  );
  await control.query(
    `INSERT INTO aces (acl_key, principal, permissions)
     SELECT ARRAY[$1::uuid] || acl_key[2:], principal, permissions FROM aces WHERE acl_key[1] = $2`,
    [id, people.entitySetId],
  );
  return id;
}
