import { randomUUID } from "node:crypto";
import type { Datatype, EntitySet, EntityType, PropertyType } from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { notFound } from "../http/errors.js";

interface PropertyTypeRow {
  id: string;
  namespace: string;
  name: string;
  title: string;
  description: string;
  datatype: Datatype;
  multi_valued: boolean;
}

export interface EntitySetRow {
  id: string;
  name: string;
  title: string;
  description: string;
  contacts: string[];
  entity_type_id: string;
  organization_id: string;
}

export const fqn = (p: { namespace: string; name: string }) => `${p.namespace}.${p.name}`;

export function toPropertyType(row: PropertyTypeRow): PropertyType {
  return {
    id: row.id,
    type: { namespace: row.namespace, name: row.name },
    title: row.title,
    description: row.description,
    datatype: row.datatype,
    multiValued: row.multi_valued,
  };
}

export function toEntitySet(row: EntitySetRow): EntitySet {
  return {
    id: row.id,
    entityTypeId: row.entity_type_id,
    name: row.name,
    title: row.title,
    description: row.description,
    contacts: row.contacts,
    linkedEntitySets: [],
    organizationId: row.organization_id,
    flags: [],
  };
}

/**
 * Creates the property type, or answers the id of the one with that name, as `createPropertyTypeIfNotExists` does;
 * of two created at once, the later one answers the earlier one's id (its own statement sees it committed).
 */
export async function insertPropertyType(
  db: Queryable,
  p: Omit<PropertyTypeRow, "id"> & { id?: string },
): Promise<string> {
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO property_types (id, namespace, name, title, description, datatype, multi_valued) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (namespace, name) DO NOTHING RETURNING id`,
    [p.id ?? randomUUID(), p.namespace, p.name, p.title, p.description, p.datatype, p.multi_valued],
  );
  if (inserted.rows[0]) return inserted.rows[0].id;
  const taken = await db.query<{ id: string }>("SELECT id FROM property_types WHERE namespace = $1 AND name = $2", [
    p.namespace,
    p.name,
  ]);
  return taken.rows[0]!.id;
}

export async function requirePropertyType(db: Queryable, id: string): Promise<PropertyType> {
  const { rows } = await db.query<PropertyTypeRow>("SELECT * FROM property_types WHERE id = $1", [id]);
  if (!rows[0]) throw notFound(`Property type ${id} does not exist.`);
  return toPropertyType(rows[0]);
}

export async function requireEntityType(db: Queryable, id: string): Promise<EntityType> {
  const { rows } = await db.query<{
    id: string;
    namespace: string;
    name: string;
    title: string;
    description: string;
    key: string[];
    properties: string[];
  }>("SELECT * FROM entity_types WHERE id = $1", [id]);
  const row = rows[0];
  if (!row) throw notFound(`Entity type ${id} does not exist.`);
  return {
    id: row.id,
    type: { namespace: row.namespace, name: row.name },
    title: row.title,
    description: row.description,
    key: row.key,
    properties: row.properties,
  };
}

/** The property types of an entity set, in the entity type's order. */
export async function propertyTypesOf(db: Queryable, entitySetId: string): Promise<PropertyType[]> {
  const { rows } = await db.query<PropertyTypeRow>(
    `SELECT p.* FROM entity_sets s JOIN entity_types t ON t.id = s.entity_type_id
       CROSS JOIN LATERAL unnest(t.properties) WITH ORDINALITY AS u(id, position)
       JOIN property_types p ON p.id = u.id
     WHERE s.id = $1 ORDER BY u.position`,
    [entitySetId],
  );
  return rows.map(toPropertyType);
}

export async function findEntitySet(
  db: Queryable,
  where: "id" | "name",
  value: string,
): Promise<EntitySetRow | undefined> {
  const { rows } = await db.query<EntitySetRow>(`SELECT * FROM entity_sets WHERE ${where} = $1`, [value]);
  return rows[0];
}

/** The entity set by id, or the real server's 404. */
export async function requireEntitySet(db: Queryable, id: string): Promise<EntitySetRow> {
  const row = await findEntitySet(db, "id", id);
  if (!row) throw notFound(`Entity set ${id} does not exist.`);
  return row;
}
