import { z } from "zod";
import { Title } from "./input.js";
import { Uuid } from "./principal.js";

/** A full qualified name, `{namespace, name}`, written `namespace.name`. */
export const Fqn = z.object({ namespace: z.string().min(1), name: z.string().min(1) }).passthrough();
export interface Fqn {
  namespace: string;
  name: string;
  [key: string]: unknown;
}

/** The value types a property can hold, as the real data model names them. */
export const Datatype = z.enum([
  "String",
  "Int16",
  "Int32",
  "Int64",
  "Double",
  "Boolean",
  "Date",
  "DateTimeOffset",
  "GeographyPoint",
]);
export type Datatype =
  "String" | "Int16" | "Int32" | "Int64" | "Double" | "Boolean" | "Date" | "DateTimeOffset" | "GeographyPoint";

export const PropertyType = z
  .object({
    id: Uuid,
    type: Fqn,
    title: z.string(),
    description: z.string(),
    datatype: Datatype,
    multiValued: z.boolean(),
  })
  .passthrough();
export interface PropertyType {
  id: string;
  type: Fqn;
  title: string;
  description: string;
  datatype: Datatype;
  multiValued: boolean;
  [key: string]: unknown;
}

/** What `createPropertyType` takes; `multiValued` defaults to false here. */
export const NewPropertyType = z.object({
  type: Fqn,
  title: Title,
  description: z.string().default(""),
  datatype: Datatype,
  multiValued: z.boolean().default(false),
});
export interface NewPropertyType {
  type: Fqn;
  title: string;
  description?: string;
  datatype: Datatype;
  multiValued?: boolean;
}

export const EntityType = z
  .object({
    id: Uuid,
    type: Fqn,
    title: z.string(),
    description: z.string(),
    key: z.array(Uuid),
    properties: z.array(Uuid),
  })
  .passthrough();
export interface EntityType {
  id: string;
  type: Fqn;
  title: string;
  description: string;
  key: string[];
  properties: string[];
  [key: string]: unknown;
}

export const EntitySetKind = z.enum([
  "ASSOCIATION",
  "AUDIT",
  "EXTERNAL",
  "LINKING",
  "TRANSPORTED",
  "UNVERSIONED",
  "METADATA",
]);
export type EntitySetKind =
  "ASSOCIATION" | "AUDIT" | "EXTERNAL" | "LINKING" | "TRANSPORTED" | "UNVERSIONED" | "METADATA";

export const EntitySet = z
  .object({
    id: Uuid,
    entityTypeId: Uuid,
    name: z.string(),
    title: z.string(),
    description: z.string(),
    contacts: z.array(z.string()),
    linkedEntitySets: z.array(Uuid),
    organizationId: Uuid,
    flags: z.array(EntitySetKind),
  })
  .passthrough();
export interface EntitySet {
  id: string;
  entityTypeId: string;
  name: string;
  title: string;
  description: string;
  contacts: string[];
  linkedEntitySets: string[];
  organizationId: string;
  flags: EntitySetKind[];
  [key: string]: unknown;
}

/** One entity to create: `{propertyTypeId: [values]}`. */
export const EntityData = z.record(Uuid, z.array(z.unknown()));
export type EntityData = Record<string, unknown[]>;
