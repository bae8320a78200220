import { randomUUID } from "node:crypto";
import type { Datatype, PropertyType } from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { badRequest } from "../http/errors.js";
import { type EntitySetRow, fqn, propertyTypesOf } from "./edm.js";

const INT_RANGES: Partial<Record<Datatype, [number, number]>> = {
  Int16: [-32768, 32767],
  Int32: [-2147483648, 2147483647],
  Int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Whether a JSON value fits a datatype, as the materialized column's SQL type will read it. */
function fits(datatype: Datatype, value: unknown): boolean {
  const range = INT_RANGES[datatype];
  if (range) return Number.isInteger(value) && (value as number) >= range[0] && (value as number) <= range[1];
  switch (datatype) {
    case "String":
      return typeof value === "string";
    case "Double":
      return typeof value === "number" && Number.isFinite(value);
    case "Boolean":
      return typeof value === "boolean";
    case "Date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
    case "DateTimeOffset":
      return (
        typeof value === "string" &&
        /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(value) &&
        !Number.isNaN(Date.parse(value))
      );
    case "GeographyPoint":
      return typeof value === "string" && /^-?\d+(\.\d+)?,\s*-?\d+(\.\d+)?$/.test(value);
    default:
      return false;
  }
}

/** Checks every entity against the entity set's property types; the first problem is a 400 naming it. */
function validate(entitySet: EntitySetRow, types: PropertyType[], entities: Record<string, unknown[]>[]) {
  const byId = new Map(types.map((t) => [t.id, t]));
  entities.forEach((entity, index) => {
    for (const [propertyTypeId, values] of Object.entries(entity)) {
      const type = byId.get(propertyTypeId);
      if (!type)
        throw badRequest(
          `Entity ${index}: property type ${propertyTypeId} is not a property of entity set ${entitySet.name}.`,
        );
      if (!type.multiValued && values.length > 1)
        throw badRequest(`Entity ${index}: ${fqn(type.type)} takes one value, got ${values.length}.`);
      const bad = values.find((value) => !fits(type.datatype, value));
      if (bad !== undefined)
        throw badRequest(`Entity ${index}: ${fqn(type.type)} is ${type.datatype}, got ${JSON.stringify(bad)}.`);
    }
  });
}

/**
 * Stores new entities (all or none) and returns their entity key ids. Organizations that materialized the
 * entity set now see DATA_UNSYNCHRONIZED.
 */
export async function createEntities(
  tx: Queryable,
  entitySet: EntitySetRow,
  entities: Record<string, unknown[]>[],
): Promise<string[]> {
  validate(entitySet, await propertyTypesOf(tx, entitySet.id), entities);
  const ids = entities.map(() => randomUUID());
  await tx.query(
    "INSERT INTO entities (entity_set_id, id, properties) SELECT $1, unnest($2::uuid[]), unnest($3::jsonb[])",
    [entitySet.id, ids, entities.map((entity) => JSON.stringify(entity))],
  );
  await tx.query(
    `UPDATE materialized_entity_sets SET flags = array_append(array_remove(flags, 'DATA_UNSYNCHRONIZED'), 'DATA_UNSYNCHRONIZED')
     WHERE entity_set_id = $1`,
    [entitySet.id],
  );
  return ids;
}
