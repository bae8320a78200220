import { z } from "zod";

/** A table (or view) of an organization's database, as `DatasetApi` lists it; its id is its acl key. */
export const OrganizationExternalDatabaseTable = z
  .object({
    id: z.string(),
    name: z.string(),
    title: z.string(),
    description: z.string(),
    organizationId: z.string(),
    oid: z.number().optional(),
    schema: z.string().optional(),
  })
  .passthrough();
export interface OrganizationExternalDatabaseTable {
  id: string;
  name: string;
  title: string;
  description: string;
  organizationId: string;
  /** The table's PostgreSQL object id. */
  oid?: number;
  /** The PostgreSQL schema the table is in (`openlattice`, `staging`, …). */
  schema?: string;
  [key: string]: unknown;
}

/** A column of such a table; `[tableId, id]` is its acl key. */
export const OrganizationExternalDatabaseColumn = z
  .object({
    id: z.string(),
    name: z.string(),
    title: z.string(),
    description: z.string(),
    tableId: z.string(),
    organizationId: z.string(),
    datatype: z.string(),
    primaryKey: z.boolean(),
    ordinalPosition: z.number(),
  })
  .passthrough();
export interface OrganizationExternalDatabaseColumn {
  id: string;
  name: string;
  title: string;
  description: string;
  tableId: string;
  organizationId: string;
  /** The PostgreSQL type, as `format_type` writes it (`text`, `integer`, `character varying(20)`). */
  datatype: string;
  primaryKey: boolean;
  /** The column's position in the table, from 1. */
  ordinalPosition: number;
  [key: string]: unknown;
}

/** A table with its columns. */
export const OrganizationExternalDatabaseTableColumnsPair = z
  .object({ table: OrganizationExternalDatabaseTable, columns: z.array(OrganizationExternalDatabaseColumn) })
  .passthrough();
export interface OrganizationExternalDatabaseTableColumnsPair {
  table: OrganizationExternalDatabaseTable;
  columns: OrganizationExternalDatabaseColumn[];
  [key: string]: unknown;
}
