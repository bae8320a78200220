import { z } from "zod";
import type { ApiClient } from "../client.js";
import { InputError } from "../errors.js";
import { OrganizationExternalDatabaseTable, OrganizationExternalDatabaseTableColumnsPair } from "../schemas/index.js";
import { check, path } from "./args.js";

const BASE = "/datastore/organization-database";
const TABLES = "external-database-table";
const COLUMNS = "external-database-column";

/**
 * The OpenLattice DatasetApi (`/datastore/organization-database`): the tables of an organization's database
 * (tables members and integrations made, materialized entity sets) with their columns, and a preview of a
 * table's rows. Names follow lattice-js's DataSetsApi. A table's acl key is `[tableId]`, a column's
 * `[tableId, columnId]`: give READ on them with the PermissionsApi.
 * @example const [first] = await datasetApi.getOrganizationDataSets(organizationId);
 */
export class DatasetApi {
  constructor(readonly client: ApiClient) {}

  /**
   * `GET …/{organizationId}/external-database-table/external-database-column` — the tables the caller may READ,
   * each with the columns it may READ; `{columns: false}` asks for the tables alone (`…/external-database-table`).
   */
  async getOrganizationDataSets(organizationId: string): Promise<OrganizationExternalDatabaseTableColumnsPair[]>;
  async getOrganizationDataSets(
    organizationId: string,
    options: { columns: false },
  ): Promise<OrganizationExternalDatabaseTable[]>;
  async getOrganizationDataSets(organizationId: string, options: { columns?: boolean } = {}) {
    const base = BASE + path`/${check.uuid("organizationId", organizationId)}/` + TABLES;
    return options.columns === false
      ? this.client.request({ method: "GET", path: base, schema: z.array(OrganizationExternalDatabaseTable) })
      : this.client.request({
          method: "GET",
          path: `${base}/${COLUMNS}`,
          schema: z.array(OrganizationExternalDatabaseTableColumnsPair),
        });
  }

  /** `GET …/{organizationId}/{tableId}/external-database-table/external-database-column` — one table (READ on it) with all its columns. */
  async getOrganizationDataSet(
    organizationId: string,
    tableId: string,
  ): Promise<OrganizationExternalDatabaseTableColumnsPair> {
    const ids = path`/${check.uuid("organizationId", organizationId)}/${check.uuid("tableId", tableId)}/`;
    return this.client.request({
      method: "GET",
      path: `${BASE}${ids}${TABLES}/${COLUMNS}`,
      schema: OrganizationExternalDatabaseTableColumnsPair,
    });
  }

  /**
   * `GET …/{organizationId}/{tableId}/{count}/data` — the first `count` rows (10 by default) of the columns the
   * caller may READ, as `{columnId: values}`; READ on the table and on at least one column is needed.
   */
  async getOrganizationDataSetData(
    organizationId: string,
    tableId: string,
    count = 10,
  ): Promise<Record<string, unknown[]>> {
    if (!Number.isInteger(count) || count <= 0) throw new InputError("count", "must be a positive integer", count);
    const ids = path`/${check.uuid("organizationId", organizationId)}/${check.uuid("tableId", tableId)}/${String(count)}`;
    return this.client.request({
      method: "GET",
      path: `${BASE}${ids}/data`,
      schema: z.record(z.string(), z.array(z.unknown())),
    });
  }
}
