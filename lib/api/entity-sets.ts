import { z } from "zod";
import type { ApiClient } from "../client.js";
import { InputError } from "../errors.js";
import { EntitySet, PropertyType, Uuid } from "../schemas/index.js";
import { check, path } from "./args.js";

const BASE = "/datastore/entity-sets";

/**
 * The OpenLattice EntitySetsApi (`/datastore/entity-sets`): entity sets by name and by id, and their property
 * types. Calls the Python client has keep its camelCased name (`get_entity_set_id` → `getEntitySetId`).
 * Reading an entity set needs READ on it.
 * @example const entitySetsApi = new EntitySetsApi(new ApiClient(configuration));
 */
export class EntitySetsApi {
  constructor(readonly client: ApiClient) {}

  /**
   * `GET /datastore/entity-sets/ids/{name}` — the id of the entity set with this name (URL-encoded here);
   * an unknown name is a 404 (NotFoundError).
   * @example const id = await entitySetsApi.getEntitySetId("DemoPatients");
   */
  async getEntitySetId(name: string): Promise<string> {
    // a name travels as one path segment, so `.` and `..` are refused as they are for user ids
    return this.client.request({ method: "GET", path: BASE + path`/ids/${check.userId("name", name)}`, schema: Uuid });
  }

  /** `POST /datastore/entity-sets/ids` — the ids of the named entity sets, `{name: id}`. */
  async getEntitySetIds(names: string[]): Promise<Record<string, string>> {
    const json = check.strings("names", names);
    return this.client.request({
      method: "POST",
      path: `${BASE}/ids`,
      json,
      readsOnly: true,
      schema: z.record(z.string(), Uuid),
    });
  }

  /** `POST /datastore/entity-sets/by-name` — the named entity sets, `{name: EntitySet}`. */
  async getEntitySetsByName(names: string[]): Promise<Record<string, EntitySet>> {
    const json = check.strings("names", names);
    return this.client.request({
      method: "POST",
      path: `${BASE}/by-name`,
      json,
      readsOnly: true,
      schema: z.record(z.string(), EntitySet),
    });
  }

  /** `POST /datastore/entity-sets/by-id` — the entity sets with these ids, `{id: EntitySet}`. */
  async getEntitySetsById(ids: string[]): Promise<Record<string, EntitySet>> {
    const json = uuids("ids", ids);
    return this.client.request({
      method: "POST",
      path: `${BASE}/by-id`,
      json,
      readsOnly: true,
      schema: z.record(Uuid, EntitySet),
    });
  }

  /** `GET /datastore/entity-sets/all/{entitySetId}` — one entity set. */
  async getEntitySet(entitySetId: string): Promise<EntitySet> {
    return this.client.request({ method: "GET", path: this.#set(entitySetId), schema: EntitySet });
  }

  /** `GET /datastore/entity-sets` — every entity set the caller may see. */
  async getAllEntitySets(): Promise<EntitySet[]> {
    return this.client.request({ method: "GET", path: BASE, schema: z.array(EntitySet) });
  }

  /**
   * `GET /datastore/entity-sets/all/{entitySetId}/properties` — the entity set's property types,
   * `{propertyTypeId: PropertyType}`. The Python client calls it `get_property_types_for_entity_set`
   * (`getPropertyTypesForEntitySet` does the same).
   */
  async getPropertyTypesOfEntitySet(entitySetId: string): Promise<Record<string, PropertyType>> {
    return this.client.request({
      method: "GET",
      path: this.#set(entitySetId, "/properties"),
      schema: z.record(Uuid, PropertyType),
    });
  }

  /** The Python client's name for `getPropertyTypesOfEntitySet`. */
  async getPropertyTypesForEntitySet(entitySetId: string): Promise<Record<string, PropertyType>> {
    return this.getPropertyTypesOfEntitySet(entitySetId);
  }

  #set(entitySetId: string, rest = ""): string {
    return `${BASE}/all/${check.uuid("entitySetId", entitySetId)}${rest}`;
  }
}

/** An array of UUIDs; a bad element is named by its index, e.g. `ids[2] must be a UUID`. */
function uuids(name: string, value: unknown): string[] {
  if (!Array.isArray(value)) throw new InputError(name, "must be an array of UUIDs", value);
  value.forEach((id, i) => check.uuid(`${name}[${i}]`, id));
  return value;
}
