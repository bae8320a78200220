import pg from "pg";
import type { EntitySetFlag, EntitySetFlags, PropertyType } from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { FOREIGN_SERVER, foreignServerStatements } from "../db/foreign-server.js";
import { forbidden, illegalState } from "../http/errors.js";
import { fqn, propertyTypesOf, requireEntitySet, type EntitySetRow } from "./edm.js";
import { requireOrganization } from "./organizations.js";
import type { OrganizationRow } from "./principals.js";
import type { Platform } from "./platform.js";
import { selectGrantStatements } from "./select-grants.js";

const { escapeIdentifier: id, escapeLiteral: literal } = pg;

/** The flags the entity-set listings show; the permission flags are kept but not shown, as on the real server. */
const SHOWN: EntitySetFlag[] = ["INTERNAL", "EXTERNAL", "MATERIALIZED", "EDM_UNSYNCHRONIZED", "DATA_UNSYNCHRONIZED"];

const SQL_TYPES: Record<PropertyType["datatype"], string> = {
  String: "text",
  Int16: "smallint",
  Int32: "integer",
  Int64: "bigint",
  Double: "double precision",
  Boolean: "boolean",
  Date: "date",
  DateTimeOffset: "timestamptz",
  GeographyPoint: "text",
};

/** One column of an entity set's view: the property's values, typed, named by full qualified name. */
function column(p: PropertyType): string {
  const values = `properties -> ${literal(p.id)}`;
  const type = SQL_TYPES[p.datatype];
  const expression = p.multiValued
    ? `ARRAY(SELECT jsonb_array_elements_text(${values}))::${type}[]`
    : `(${values} ->> 0)::${type}`;
  return `${expression} AS ${id(fqn(p.type))}`;
}

/** Every entity set the organization has a flag on: its own (INTERNAL), materializable (EXTERNAL), materialized. */
export async function entitySetFlags(db: Queryable, orgId: string): Promise<EntitySetFlags> {
  const { rows } = await db.query<{ id: string; internal: boolean; external: boolean; flags: string[] | null }>(
    `SELECT s.id, s.organization_id = $1 AS internal, m.flags,
       EXISTS (SELECT 1 FROM aces a WHERE a.acl_key = ARRAY[s.id] AND a.principal = $1 AND 'MATERIALIZE' = ANY(a.permissions)) AS external
     FROM entity_sets s LEFT JOIN materialized_entity_sets m ON m.entity_set_id = s.id AND m.organization_id = $1
     ORDER BY s.name`,
    [orgId],
  );
  const result: EntitySetFlags = {};
  for (const row of rows) {
    const flags = new Set<string>(row.flags ?? []);
    if (row.internal) flags.add("INTERNAL");
    if (row.external) flags.add("EXTERNAL");
    const shown = SHOWN.filter((flag) => flags.has(flag));
    if (shown.length) result[row.id] = shown;
  }
  return result;
}

/** The entity set and the property types the organization may materialize, or 401 naming the entity set. */
async function materializable(db: Queryable, org: OrganizationRow, entitySetId: string) {
  const entitySet = await requireEntitySet(db, entitySetId);
  const { rowCount } = await db.query(
    "SELECT 1 FROM aces WHERE acl_key = ARRAY[$1::uuid] AND principal = $2 AND 'MATERIALIZE' = ANY(permissions)",
    [entitySet.id, org.id],
  );
  if (!rowCount)
    throw forbidden(`EntitySet [${entitySet.id}] is not accessible by organization principal ${org.principal_id} .`);
  return materializedColumns(db, org, entitySetId);
}

/** The entity set and the property types the organization holds MATERIALIZE on. */
async function materializedColumns(db: Queryable, org: OrganizationRow, entitySetId: string) {
  const entitySet = await requireEntitySet(db, entitySetId);
  const allowed = await db.query<{ pt: string }>(
    "SELECT acl_key[2] AS pt FROM aces WHERE acl_key[1] = $1 AND cardinality(acl_key) = 2 AND principal = $2 AND 'MATERIALIZE' = ANY(permissions)",
    [entitySet.id, org.id],
  );
  const ids = new Set(allowed.rows.map((row) => row.pt));
  return { entitySet, columns: (await propertyTypesOf(db, entitySet.id)).filter((p) => ids.has(p.id)) };
}

/**
 * Keeps the platform's typed view of an entity set, `entity_sets."<entitySetId>"` in the control database: one
 * column per property type of its entity type. Organizations' databases read it through postgres_fdw, so values
 * travel typed rather than as JSON.
 */
async function platformViewOf(db: Queryable, entitySet: EntitySetRow): Promise<void> {
  const columns = (await propertyTypesOf(db, entitySet.id)).map((p) => `, ${column(p)}`).join("");
  await db.query("CREATE SCHEMA IF NOT EXISTS entity_sets");
  await db.query(
    `CREATE OR REPLACE VIEW entity_sets.${id(entitySet.id)} AS SELECT entity_set_id, id${columns}
     FROM public.entities WHERE entity_set_id = ${literal(entitySet.id)}`,
  );
}

/** The statements that (re)create an entity set's materialized view in the organization's database. */
function createViewStatements(entitySet: EntitySetRow, columns: PropertyType[]): string[] {
  const view = `openlattice.${id(entitySet.name)}`;
  const source = `production.${id(entitySet.id)}`;
  return [
    `DROP MATERIALIZED VIEW IF EXISTS ${view}`,
    `DROP FOREIGN TABLE IF EXISTS ${source}`,
    `IMPORT FOREIGN SCHEMA entity_sets LIMIT TO (${id(entitySet.id)}) FROM SERVER ${FOREIGN_SERVER} INTO production`,
    `CREATE MATERIALIZED VIEW ${view} AS SELECT entity_set_id, id${columns.map((p) => `, ${id(fqn(p.type))}`).join("")} FROM ${source}`,
  ];
}

/**
 * The statements that reset who may SELECT what in a materialized view: the integration login everything, and
 * each user or role of the organization holding READ on the entity set its id columns plus the columns whose
 * property it may READ.
 */
function grantStatements(platform: Platform, org: OrganizationRow, entitySet: EntitySetRow, columns: PropertyType[]) {
  return selectGrantStatements(platform, org, `openlattice.${id(entitySet.name)}`, entitySet.id, (readable) => [
    "entity_set_id",
    "id",
    ...columns.filter((p) => readable.includes(p.id)).map((p) => fqn(p.type)),
  ]);
}

/** Re-applies the SELECT grants of an entity set wherever it is materialized, after its READ permissions changed. */
export async function regrant(platform: Platform, entitySetId: string): Promise<void> {
  const db = platform.db.pool;
  const { rows } = await db.query<{ organization_id: string }>(
    "SELECT organization_id FROM materialized_entity_sets WHERE entity_set_id = $1",
    [entitySetId],
  );
  for (const { organization_id } of rows) {
    const org = await requireOrganization(db, organization_id);
    const { entitySet, columns } = await materializedColumns(db, org, entitySetId);
    // Only the columns the view has now: a column allowed since the last synchronize is not in it yet.
    const present = await platform.orgDatabases.query<{ name: string }>(
      org.database_name,
      "SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped",
      [`openlattice.${id(entitySet.name)}`],
    );
    const names = new Set(present.map((row) => row.name));
    const inView = columns.filter((p) => names.has(fqn(p.type)));
    await platform.orgDatabases.runAtomically(
      org.database_name,
      await grantStatements(platform, org, entitySet, inView),
    );
  }
}

/** Lets the organization's database read the platform's entity-set views through postgres_fdw (into schema `production`). */
function foreignSchemaStatements(platform: Platform): string[] {
  return [...foreignServerStatements(platform.db.connection), "CREATE SCHEMA IF NOT EXISTS production"];
}

/**
 * Materializes entity sets in the organization's database (all or none), each with its refresh rate
 * (minutes, or null for none). Re-assembling an entity set re-creates it and clears its flags.
 */
export async function assemble(
  platform: Platform,
  org: OrganizationRow,
  rates: Record<string, number | null>,
): Promise<EntitySetFlags> {
  const db = platform.db.pool;
  const targets = [];
  for (const entitySetId of Object.keys(rates)) targets.push(await materializable(db, org, entitySetId));
  const statements = [...foreignSchemaStatements(platform)];
  for (const { entitySet, columns } of targets) {
    await platformViewOf(db, entitySet);
    statements.push(
      ...createViewStatements(entitySet, columns),
      ...(await grantStatements(platform, org, entitySet, columns)),
    );
  }
  await platform.orgDatabases.runAtomically(org.database_name, statements);
  for (const { entitySet } of targets) {
    const minutes = rates[entitySet.id];
    await db.query(
      `INSERT INTO materialized_entity_sets (organization_id, entity_set_id, flags, refresh_rate_ms, last_refresh)
       VALUES ($1, $2, '{MATERIALIZED}', $3, now())
       ON CONFLICT (organization_id, entity_set_id) DO UPDATE SET flags = '{MATERIALIZED}', refresh_rate_ms = $3, last_refresh = now()`,
      [org.id, entitySet.id, minutes == null ? null : minutes * 60_000],
    );
  }
  const flags = await entitySetFlags(db, org.id);
  return Object.fromEntries(
    Object.entries(flags)
      .filter(([, f]) => f.includes("MATERIALIZED"))
      .map(([esId, f]) => [esId, f.filter((flag) => flag === "MATERIALIZED" || flag === "INTERNAL")]),
  );
}

/** The materialized entity set's flags, or the real 500 `Entity set <es> is not materialized for organization <org>`. */
async function materialized(db: Queryable, org: OrganizationRow, entitySetId: string): Promise<string[]> {
  const { rows } = await db.query<{ flags: string[] }>(
    "SELECT flags FROM materialized_entity_sets WHERE organization_id = $1 AND entity_set_id = $2",
    [org.id, entitySetId],
  );
  if (!rows[0]) throw illegalState(`Entity set ${entitySetId} is not materialized for organization ${org.id}`);
  return rows[0].flags;
}

async function setFlags(db: Queryable, org: OrganizationRow, entitySetId: string, remove: string[]) {
  await db.query(
    `UPDATE materialized_entity_sets SET flags = ARRAY(SELECT f FROM unnest(flags) f WHERE f <> ALL($3)), last_refresh = now()
     WHERE organization_id = $1 AND entity_set_id = $2`,
    [org.id, entitySetId, remove],
  );
}

/** Applies data-model changes: only when EDM_UNSYNCHRONIZED, re-creates the view and clears both *_UNSYNCHRONIZED flags. */
export async function synchronize(platform: Platform, org: OrganizationRow, entitySetId: string): Promise<void> {
  const db = platform.db.pool;
  const { entitySet, columns } = await materializable(db, org, entitySetId);
  if (!(await materialized(db, org, entitySet.id)).includes("EDM_UNSYNCHRONIZED")) return;
  await platformViewOf(db, entitySet);
  await platform.orgDatabases.runAtomically(org.database_name, [
    ...foreignSchemaStatements(platform),
    ...createViewStatements(entitySet, columns),
    ...(await grantStatements(platform, org, entitySet, columns)),
  ]);
  await setFlags(db, org, entitySet.id, ["EDM_UNSYNCHRONIZED", "DATA_UNSYNCHRONIZED"]);
}

/** Brings in data changes: only when DATA_UNSYNCHRONIZED and not EDM_UNSYNCHRONIZED, refreshes the view. */
export async function refresh(platform: Platform, org: OrganizationRow, entitySetId: string): Promise<void> {
  const db = platform.db.pool;
  const entitySet = await requireEntitySet(db, entitySetId);
  const flags = await materialized(db, org, entitySet.id);
  if (!flags.includes("DATA_UNSYNCHRONIZED") || flags.includes("EDM_UNSYNCHRONIZED")) return;
  await platform.orgDatabases.run(org.database_name, `REFRESH MATERIALIZED VIEW openlattice.${id(entitySet.name)}`);
  await setFlags(db, org, entitySet.id, ["DATA_UNSYNCHRONIZED"]);
}

/** Sets (minutes) or clears (null) an entity set's automatic refresh. */
export async function setRefreshRate(db: Queryable, org: OrganizationRow, entitySetId: string, minutes: number | null) {
  await materialized(db, org, entitySetId);
  await db.query(
    "UPDATE materialized_entity_sets SET refresh_rate_ms = $3 WHERE organization_id = $1 AND entity_set_id = $2",
    [org.id, entitySetId, minutes == null ? null : minutes * 60_000],
  );
}

/** Marks the entity sets of an entity type EDM_UNSYNCHRONIZED wherever they are materialized. */
export async function markEdmChanged(db: Queryable, entityTypeId: string): Promise<void> {
  await db.query(
    `UPDATE materialized_entity_sets SET flags = array_append(array_remove(flags, 'EDM_UNSYNCHRONIZED'), 'EDM_UNSYNCHRONIZED')
     WHERE entity_set_id IN (SELECT id FROM entity_sets WHERE entity_type_id = $1)`,
    [entityTypeId],
  );
}
