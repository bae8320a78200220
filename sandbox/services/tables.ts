import pg from "pg";
import type { OrganizationExternalDatabaseTableColumnsPair as TableColumns } from "../../lib/schemas/index.js";
import { forbidden, notAccessible } from "../http/errors.js";
import { aclKeyLiteral, type Caller, ensurePermission } from "./acl.js";
import { authorize } from "./authorizations.js";
import type { OrganizationRow } from "./principals.js";
import type { Platform } from "./platform.js";
import { selectGrantStatements } from "./select-grants.js";

const { escapeIdentifier: id } = pg;

/** The most rows a preview answers. */
export const MAX_PREVIEW_ROWS = 1000;

/** Every column of every table and view outside PostgreSQL's own schemas (foreign tables are left out). */
const CATALOG = `
  SELECT n.nspname AS schema, c.relname AS name, c.oid::int AS oid, c.relkind AS kind, a.attname AS column,
    format_type(a.atttypid, a.atttypmod) AS datatype, a.attnum::int AS position,
    EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY(i.indkey)) AS primary_key
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
  ORDER BY n.nspname, c.relname, a.attnum`;

interface CatalogRow {
  schema: string;
  name: string;
  oid: number;
  kind: string;
  column: string;
  datatype: string;
  position: number;
  primary_key: boolean;
}

/**
 * The organization's tables with their columns, read from its database's catalog. A table or column seen for the
 * first time gets an id, and the organization's owners get their permissions on it; one gone loses its id and
 * every permission on it. Ids stay while a table keeps its schema and name.
 */
export async function discover(platform: Platform, org: OrganizationRow): Promise<TableColumns[]> {
  const catalog = await platform.orgDatabases.query<CatalogRow>(org.database_name, CATALOG);
  const known = await storedIds(platform, org);
  // Nothing appeared or went since the last call: the stored ids answer it as they are.
  if (known.size === catalog.length && catalog.every((row) => known.has(catalogKey(row))))
    return withIds(org, catalog, known);
  const [schemas, names, columns] = [
    catalog.map((r) => r.schema),
    catalog.map((r) => r.name),
    catalog.map((r) => r.column),
  ];
  const found = "SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS f(schema, name, col)";
  const added = await platform.db.transaction(async (tx) => {
    const gone = await tx.query<{ key: string[] }>(
      `WITH t AS (DELETE FROM org_tables t WHERE organization_id = $1
                    AND (schema, name) NOT IN (SELECT schema, name FROM (${found}) f) RETURNING id),
            c AS (DELETE FROM org_columns c USING org_tables t WHERE c.table_id = t.id AND t.organization_id = $1
                    AND (t.schema, t.name) IN (SELECT schema, name FROM (${found}) f)
                    AND (t.schema, t.name, c.name) NOT IN (${found}) RETURNING c.table_id, c.id)
       SELECT ARRAY[id] AS key FROM t UNION ALL SELECT ARRAY[table_id, id] FROM c`,
      [org.id, schemas, names, columns],
    );
    await tx.query("DELETE FROM aces WHERE acl_key[1] = ANY($1)", [
      gone.rows.filter((r) => r.key.length === 1).map((r) => r.key[0]),
    ]);
    await tx.query("DELETE FROM aces a USING unnest($1::text[]) AS k(key) WHERE a.acl_key = k.key::uuid[]", [
      gone.rows.map((r) => aclKeyLiteral(r.key)),
    ]);
    const tables = await tx.query<{ key: string }>(
      `INSERT INTO org_tables (id, organization_id, schema, name)
       SELECT DISTINCT ON (schema, name) gen_random_uuid(), $1::uuid, schema, name FROM (${found}) f
       ON CONFLICT DO NOTHING RETURNING id::text AS key`,
      [org.id, schemas, names, columns],
    );
    const cols = await tx.query<{ key: string }>(
      `INSERT INTO org_columns (id, table_id, name)
       SELECT gen_random_uuid(), t.id, f.col FROM (${found}) f JOIN org_tables t ON t.organization_id = $1 AND t.schema = f.schema AND t.name = f.name
       ON CONFLICT DO NOTHING RETURNING table_id || '/' || id AS key`,
      [org.id, schemas, names, columns],
    );
    // The organization's owners own what appears in its database, with every permission they have on the organization.
    await tx.query(
      `INSERT INTO aces (acl_key, principal, permissions)
       SELECT string_to_array(k, '/')::uuid[], a.principal, a.permissions FROM unnest($2::text[]) AS k, aces a
       WHERE a.acl_key = ARRAY[$1::uuid] AND 'OWNER' = ANY(a.permissions) ON CONFLICT DO NOTHING`,
      [org.id, [...tables.rows, ...cols.rows].map((r) => r.key)],
    );
    return tables.rows.map((r) => r.key);
  });
  for (const tableId of added) await regrantTable(platform, tableId);
  return withIds(org, catalog, await storedIds(platform, org));
}

interface StoredIds {
  table_id: string;
  column_id: string;
}

const catalogKey = (row: { schema: string; name: string; column: string }) =>
  JSON.stringify([row.schema, row.name, row.column]);

/** The ids stored for the organization's tables and columns, by schema, table and column name. */
async function storedIds(platform: Platform, org: OrganizationRow): Promise<Map<string, StoredIds>> {
  const { rows } = await platform.db.pool.query<StoredIds & { schema: string; name: string; column: string }>(
    `SELECT t.id AS table_id, t.schema, t.name, c.id AS column_id, c.name AS column
     FROM org_tables t JOIN org_columns c ON c.table_id = t.id WHERE t.organization_id = $1`,
    [org.id],
  );
  return new Map(rows.map((r) => [catalogKey(r), r]));
}

/** The catalog's rows as tables with their columns, under their ids. */
function withIds(org: OrganizationRow, catalog: CatalogRow[], ids: Map<string, StoredIds>): TableColumns[] {
  const result = new Map<string, TableColumns>();
  for (const row of catalog) {
    const known = ids.get(catalogKey(row));
    if (!known) continue; // appeared after this discovery's sync: listed next time
    const entry = result.get(known.table_id) ?? {
      table: {
        id: known.table_id,
        name: row.name,
        title: row.name,
        description: "",
        organizationId: org.id,
        oid: row.oid,
        schema: row.schema,
      },
      columns: [],
    };
    result.set(known.table_id, entry);
    entry.columns.push({
      id: known.column_id,
      name: row.column,
      title: row.column,
      description: "",
      tableId: known.table_id,
      organizationId: org.id,
      datatype: row.datatype,
      primaryKey: row.primary_key,
      ordinalPosition: row.position,
    });
  }
  return [...result.values()];
}

/** The acl keys among `aclKeys` (`[tableId]` or `[tableId, columnId]`) the caller may READ, each as `a/b`. */
async function readableKeys(platform: Platform, caller: Caller, aclKeys: string[][]): Promise<Set<string>> {
  const answers = await authorize(
    platform.db.pool,
    caller,
    aclKeys.map((aclKey) => ({ aclKey, permissions: ["READ"] })),
  );
  return new Set(answers.filter((answer) => answer.permissions.READ).map((answer) => answer.aclKey.join("/")));
}

/** The tables the caller may READ, each with the columns it may READ. */
export async function readableTables(
  platform: Platform,
  caller: Caller,
  org: OrganizationRow,
): Promise<TableColumns[]> {
  const all = await discover(platform, org);
  const keys = all.flatMap(({ table, columns }) => [[table.id], ...columns.map((c) => [table.id, c.id])]);
  const readable = await readableKeys(platform, caller, keys);
  return all
    .filter(({ table }) => readable.has(table.id))
    .map(({ table, columns }) => ({ table, columns: columns.filter((c) => readable.has(`${table.id}/${c.id}`)) }));
}

/** One table with all its columns, for a caller who may READ it; otherwise the real 401. */
export async function readableTable(
  platform: Platform,
  caller: Caller,
  org: OrganizationRow,
  tableId: string,
): Promise<TableColumns> {
  await ensurePermission(platform.db.pool, caller, [tableId], "READ");
  const found = (await discover(platform, org)).find(({ table }) => table.id === tableId);
  if (!found) throw notAccessible([tableId]);
  return found;
}

/** Up to `rowCount` rows of a table, as `{columnId: values}`, of the columns the caller may READ. */
export async function preview(
  platform: Platform,
  caller: Caller,
  org: OrganizationRow,
  tableId: string,
  rowCount: number,
) {
  const { table, columns } = await readableTable(platform, caller, org, tableId);
  const readable = await readableKeys(
    platform,
    caller,
    columns.map((c) => [tableId, c.id]),
  );
  const shown = columns.filter((c) => readable.has(`${tableId}/${c.id}`));
  if (shown.length === 0)
    throw forbidden(`Unable to read data from table ${tableId}. Missing READ permission on all columns.`);
  const rows = await platform.orgDatabases.query<Record<string, unknown>>(
    org.database_name,
    `SELECT ${shown.map((c) => id(c.name)).join(", ")} FROM ${id(table.schema!)}.${id(table.name)} LIMIT $1`,
    [rowCount],
  );
  return Object.fromEntries(shown.map((c) => [c.id, rows.map((row) => row[c.name] ?? null)]));
}

/**
 * Makes SQL say what the permissions say on one table: the integration login may SELECT all of it, and each user,
 * and each role of the organization, holding READ on the table may SELECT the columns it holds READ on
 * (column-level GRANTs; a role's through its group role). Views, materialized entity sets among them, keep the
 * grants their entity sets' permissions give.
 */
export async function regrantTable(platform: Platform, tableId: string): Promise<void> {
  const db = platform.db.pool;
  const {
    rows: [table],
  } = await db.query<{
    schema: string;
    name: string;
    organization_id: string;
    database_name: string;
    integration_user: string;
    columns: Record<string, string>;
  }>(
    `SELECT t.schema, t.name, t.organization_id, o.database_name, o.integration_user,
       (SELECT coalesce(json_object_agg(c.id, c.name), '{}') FROM org_columns c WHERE c.table_id = t.id) AS columns
     FROM org_tables t JOIN organizations o ON o.id = t.organization_id WHERE t.id = $1`,
    [tableId],
  );
  if (!table) return;
  const relation = `${id(table.schema)}.${id(table.name)}`;
  const [kind] = await platform.orgDatabases.query<{ relkind: string }>(
    table.database_name,
    "SELECT relkind FROM pg_class WHERE oid = to_regclass($1)",
    [relation],
  );
  if (!kind || !["r", "p"].includes(kind.relkind)) return;
  const org = { id: table.organization_id, integration_user: table.integration_user };
  const statements = await selectGrantStatements(platform, org, relation, tableId, (readable) =>
    readable.flatMap((columnId) => table.columns[columnId] ?? []).sort(),
  );
  await platform.orgDatabases.runAtomically(table.database_name, statements);
}
