import { z } from "zod";

const cache = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The same schema with every object made strict (unknown keys rejected), recursively.
 * Schemas pass unknown keys through in normal use, because the real server adds fields over time;
 * the test suite parses strictly to catch drift between the client and the sandbox.
 */
export function toStrict<T extends z.ZodType>(schema: T): T {
  const hit = cache.get(schema);
  if (hit) return hit as T;
  const strict = convert(schema);
  cache.set(schema, strict);
  return strict as T;
}

/** A copy of the schema's definition (checks, refinements, defaults included) with its inner schemas made strict. */
function convert(schema: z.ZodType): z.ZodType {
  const inner = strictInner(schema._zod.def as unknown as Def);
  return inner ? schema.clone(z.util.mergeDefs(schema._zod.def, inner)) : schema;
}

/** The fields of zod's schema definitions that hold other schemas; which are there depends on `type`. */
type Def = { type: string; shape: Record<string, z.ZodType>; options: z.ZodType[]; getter: () => z.ZodType } & Record<
  "element" | "valueType" | "left" | "right" | "in" | "out" | "innerType",
  z.ZodType
>;

function strictInner(def: Def): object | undefined {
  switch (def.type) {
    case "object":
      return {
        shape: Object.fromEntries(Object.entries(def.shape).map(([key, value]) => [key, toStrict(value)])),
        catchall: z.never(),
      };
    case "array":
      return { element: toStrict(def.element) };
    case "record":
      return { valueType: toStrict(def.valueType) };
    case "union": // discriminated unions too
      return { options: def.options.map(toStrict) };
    case "intersection":
      return { left: toStrict(def.left), right: toStrict(def.right) };
    case "pipe":
      return { in: toStrict(def.in), out: toStrict(def.out) };
    case "lazy":
      return { getter: () => toStrict(def.getter()) };
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return { innerType: toStrict(def.innerType) };
    default:
      return undefined;
  }
}
