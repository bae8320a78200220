import type { z } from "zod";
import { InputError } from "../errors.js";
import { issueMessage } from "../schemas/messages.js";
import { Uuid } from "../schemas/principal.js";

/**
 * `value` as `schema` reads it, or an InputError naming the first wrong field (`<name>.<path>`), what is wrong in
 * the words of the other checks, and the value found there.
 */
export function parseArgument<S extends z.ZodType>(name: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value, { error: issueMessage });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const got = issue.path.reduce<unknown>(
    (field, key) => (field as Record<PropertyKey, unknown> | undefined)?.[key],
    value,
  );
  throw new InputError(
    [name, ...issue.path.map(String)].join("."),
    problem(issue, got),
    ...(got === undefined ? [] : [got]),
  );
}

/** What is wrong with `got`, in the words of the other argument checks. */
function problem(issue: z.core.$ZodIssue, got: unknown): string {
  if (issue.code === "invalid_value") return `must be one of ${issue.values.join(", ")}`;
  if (issue.code === "invalid_type") return got === undefined ? "is required" : `must be a ${issue.expected}`;
  if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1)
    return "must be a non-blank string";
  if (issue.code === "invalid_format" && issue.format === "guid") return "must be a UUID";
  return issue.message.replace(/\.$/, "");
}

/** Checks arguments before anything is sent: each failure names the argument and what is wrong. */
export const check = {
  /**
   * `value` unchanged when it follows `rule`, an input rule of lib/schemas/input.ts that the sandbox applies too;
   * else an InputError saying it must be what the rule describes (`title must be a non-blank string`).
   */
  follows<T>(name: string, rule: z.ZodType<unknown, T>, value: T): T {
    if (!rule.safeParse(value).success) throw new InputError(name, `must be ${rule.description}`, value);
    return value;
  },
  uuid(name: string, value: unknown): string {
    if (typeof value !== "string" || !Uuid.safeParse(value).success)
      throw new InputError(name, "must be a UUID", value);
    return value;
  },
  nonBlank(name: string, value: unknown): string {
    if (typeof value !== "string" || value.trim() === "")
      throw new InputError(name, "must be a non-blank string", value);
    return value;
  },
  /** A user id as a path segment: `.` and `..` would be read as the path's parent (even encoded). */
  userId(name: string, value: unknown): string {
    const id = check.nonBlank(name, value);
    if (id === "." || id === "..") throw new InputError(name, "cannot be sent in a URL path", id);
    return id;
  },
  strings(name: string, value: unknown): string[] {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.trim() === "")) {
      throw new InputError(name, "must be an array of non-blank strings", value);
    }
    return value;
  },
};

/** A path with every interpolated value URL-encoded (`auth0|5e39…` → `auth0%7C5e39…`). */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? encodeURIComponent(values[i]!) : ""), "");
}
