import type { z } from "zod";

/**
 * Clear messages where zod's own are not (`Invalid input: expected string, received undefined`): a missing field
 * is `Required`, a wrong type `Expected string, received number`, a malformed id `Invalid uuid`, a refused key of a
 * record `Invalid key (Invalid uuid)`. Passed wherever a
 * message reaches a user, `schema.safeParse(value, { error: issueMessage })`; a schema's own message
 * (`.min(1, "Title cannot be blank.")`) comes first, and zod's is kept for every other issue.
 */
export function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === "invalid_type")
    return issue.input === undefined ? "Required" : `Expected ${issue.expected}, received ${typeOf(issue.input)}`;
  if (issue.code === "invalid_format" && issue.format === "guid") return "Invalid uuid";
  if (issue.code === "invalid_key" && issue.issues[0]) return `Invalid key (${issue.issues[0].message})`;
  return undefined;
}

function typeOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}
