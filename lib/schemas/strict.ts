import { z } from "zod";

const cache = new WeakMap<z.ZodTypeAny, z.ZodTypeAny>();

/**
 * The same schema with every object made strict (unknown keys rejected), recursively.
 * Schemas pass unknown keys through in normal use, because the real server adds fields over time;
 * the test suite parses strictly to catch drift between the client and the sandbox.
 */
export function toStrict<T extends z.ZodTypeAny>(schema: T): T {
  const hit = cache.get(schema);
  if (hit) return hit as T;
  const strict = convert(schema);
  cache.set(schema, strict);
  return strict as T;
}

function convert(schema: z.ZodTypeAny): z.ZodTypeAny {
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodTypeAny> = {};
    for (const [key, value] of Object.entries(schema.shape as Record<string, z.ZodTypeAny>)) shape[key] = toStrict(value);
    return z.object(shape).strict();
  }
  if (schema instanceof z.ZodArray) return z.array(toStrict(schema.element));
  if (schema instanceof z.ZodRecord) return z.record(schema.keySchema, toStrict(schema.valueSchema));
  if (schema instanceof z.ZodOptional) return toStrict(schema.unwrap()).optional();
  if (schema instanceof z.ZodNullable) return toStrict(schema.unwrap()).nullable();
  if (schema instanceof z.ZodDefault) return toStrict(schema.removeDefault()).default(schema._def.defaultValue());
  if (schema instanceof z.ZodUnion) return z.union(schema.options.map((option: z.ZodTypeAny) => toStrict(option)));
  if (schema instanceof z.ZodDiscriminatedUnion) {
    return z.discriminatedUnion(schema.discriminator, schema.options.map((option: z.AnyZodObject) => toStrict(option)));
  }
  if (schema instanceof z.ZodEffects) return z.effect(toStrict(schema.innerType()), schema._def.effect);
  if (schema instanceof z.ZodLazy) return z.lazy(() => toStrict(schema.schema));
  return schema;
}
