import type { ApiClient } from "../client.js";
import { InputError } from "../errors.js";
import { EntityType, NewPropertyType, PropertyType, Uuid } from "../schemas/index.js";
import { check, parseArgument, path as pathOf } from "./args.js";

const BASE = "/datastore/edm";

/**
 * The OpenLattice EdmApi (`/datastore/edm`), the entity data model: property types and entity types. Calls keep
 * the Python client's camelCased names (`create_property_type` → `createPropertyType`).
 * @example const edmApi = new EdmApi(new ApiClient(configuration));
 */
export class EdmApi {
  constructor(readonly client: ApiClient) {}

  /**
   * `POST /datastore/edm/property/type` — creates a property type and returns its id. `type` (`{namespace, name}`,
   * unique), `title` and `datatype` are required; `description` defaults to "" and `multiValued` to false.
   * @example await edmApi.createPropertyType({ type: { namespace: "demo", name: "age" }, title: "Age", datatype: "Int32" })
   */
  async createPropertyType(propertyType: NewPropertyType): Promise<string> {
    if (typeof propertyType !== "object" || propertyType === null || Array.isArray(propertyType)) {
      throw new InputError("propertyType", "must be an object {type, title, datatype}", propertyType);
    }
    const json = parseArgument("propertyType", NewPropertyType, propertyType);
    return this.client.request({ method: "POST", path: `${BASE}/property/type`, json, schema: Uuid });
  }

  /** `PUT /datastore/edm/entity/type/{entityTypeId}/{propertyTypeId}` — adds a property type to an entity type (idempotent). */
  async addPropertyTypeToEntityType(entityTypeId: string, propertyTypeId: string): Promise<void> {
    const path = `${BASE}/entity/type/${check.uuid("entityTypeId", entityTypeId)}/${check.uuid("propertyTypeId", propertyTypeId)}`;
    return this.client.request({ method: "PUT", path });
  }

  /** `GET /datastore/edm/property/type/{propertyTypeId}` — one property type. */
  async getPropertyType(propertyTypeId: string): Promise<PropertyType> {
    return this.client.request({
      method: "GET",
      path: `${BASE}/property/type/${check.uuid("propertyTypeId", propertyTypeId)}`,
      schema: PropertyType,
    });
  }

  /** `GET /datastore/edm/ids/property/type/{namespace}/{name}` — the id of the property type `namespace.name`. */
  async getPropertyTypeId(namespace: string, name: string): Promise<string> {
    const path =
      BASE + pathOf`/ids/property/type/${check.nonBlank("namespace", namespace)}/${check.nonBlank("name", name)}`;
    return this.client.request({ method: "GET", path, schema: Uuid });
  }

  /** `GET /datastore/edm/entity/type/{entityTypeId}` — one entity type, with its key and property type ids. */
  async getEntityType(entityTypeId: string): Promise<EntityType> {
    return this.client.request({
      method: "GET",
      path: `${BASE}/entity/type/${check.uuid("entityTypeId", entityTypeId)}`,
      schema: EntityType,
    });
  }
}
