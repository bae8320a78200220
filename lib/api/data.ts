import { z } from "zod";
import type { ApiClient } from "../client.js";
import { InputError } from "../errors.js";
import { type EntityData, Uuid } from "../schemas/index.js";
import { check, path } from "./args.js";

/**
 * The OpenLattice DataApi (`/datastore/data`): the entities of an entity set. Writing needs WRITE on the entity
 * set and on each property type written.
 * @example const dataApi = new DataApi(new ApiClient(configuration));
 */
export class DataApi {
  constructor(readonly client: ApiClient) {}

  /**
   * `POST /datastore/data/set/?setId={entitySetId}` — creates entities, each `{propertyTypeId: [values]}`, and
   * returns their new entity key ids in the same order. Not retried (a retry could create them twice).
   * @example await dataApi.createEntities(entitySetId, [{ [nameId]: ["Ada"], [ageId]: [36] }])
   */
  async createEntities(entitySetId: string, entities: EntityData[]): Promise<string[]> {
    const setId = check.uuid("entitySetId", entitySetId);
    if (!Array.isArray(entities))
      throw new InputError("entities", "must be an array of {propertyTypeId: [values]}", entities);
    entities.forEach((entity, i) => checkEntity(`entities[${i}]`, entity));
    return this.client.request({
      method: "POST",
      path: path`/datastore/data/set/?setId=${setId}`,
      json: entities,
      schema: z.array(Uuid),
    });
  }
}

/** `{propertyTypeId: [values]}`: UUID keys, each with an array of values. */
function checkEntity(name: string, value: unknown): void {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InputError(name, "must be {propertyTypeId: [values]}", value);
  for (const [key, values] of Object.entries(value)) {
    check.uuid(`${name} key`, key);
    if (!Array.isArray(values)) throw new InputError(`${name}[${key}]`, "must be an array of values", values);
  }
}
