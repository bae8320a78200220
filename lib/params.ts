import type { z } from "zod";
import { InputError } from "./errors.js";
import { isSecretName, REDACTED } from "./redaction.js";
import { issueMessage } from "./schemas/messages.js";

/** A notebook parameter's name: `npm run notebook -- <file> --param NAME=value` sets the variable NAME. */
export const PARAMETER_NAME = /^[A-Z][A-Z0-9_]*$/;

/** One missing or invalid parameter. */
export interface ParameterProblem {
  name: string;
  problem: string;
}

/** Notebook parameters are missing or invalid; the message lists each with how to pass it. Secret-named values never show. */
export class NotebookParameterError extends InputError {
  constructor(readonly problems: ParameterProblem[]) {
    const lines = problems.map(({ name, problem }) => `\n  ${name}: ${problem}`).join("");
    super(
      "notebook parameters",
      `are missing or invalid (run with --param NAME=value, or set NAME in the environment):${lines}`,
    );
  }
}

/**
 * Reads the notebook's parameters from `env` (default `process.env`), one variable per key of `schema`, and
 * returns them validated and typed. Text becomes a number for `z.number()` and `true/false`, `1/0`, `yes/no`,
 * `on/off` a boolean for `z.boolean()`; a blank variable counts as unset, so `.default()` and `.optional()` apply.
 * @throws NotebookParameterError listing every missing or invalid parameter; InputError for a bad schema.
 * @example const { ORGANIZATION_ID, LIMIT } = notebookParams(z.object({ ORGANIZATION_ID: z.guid(), LIMIT: z.number().default(10) }));
 */
export function notebookParams<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  // zod's own marker (_zod.def.type), not instanceof: a notebook's zod may be another copy (CommonJS) than this one's
  if (schema?._zod?.def?.type !== "object")
    throw new InputError("schema", "must be a z.object({...}) of parameters", typeof schema);
  const shape = schema.shape as Record<string, z.ZodType>;
  const input: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(shape)) {
    const key = `key ${JSON.stringify(name)}`;
    if (!PARAMETER_NAME.test(name))
      throw new InputError("schema", `${key} must be a parameter name like ORGANIZATION_ID (${PARAMETER_NAME})`);
    const text = env[name]?.trim();
    if (text) input[name] = coerce(text, baseType(type));
  }
  const result = schema.safeParse(input, { error: issueMessage });
  if (result.success) return result.data;
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? "(all)");
    if (problems.has(name)) continue;
    problems.set(name, name in shape ? describe(name, issue, input[name], baseType(shape[name])) : issue.message);
  }
  throw new NotebookParameterError([...problems].map(([name, problem]) => ({ name, problem })));
}

/** The type under optional, nullable, default, catch, readonly and pipelines, e.g. `number` (refinements and brands are no wrappers). */
function baseType(type: z.ZodType | undefined): string | undefined {
  let def = type?._zod.def as Wrapper | undefined;
  while (def?.innerType ?? def?.in) def = (def.innerType ?? def.in)!._zod.def as Wrapper;
  return def?.type;
}

type Wrapper = { type: string; innerType?: z.ZodType; in?: z.ZodType };

function coerce(text: string, type: string | undefined): unknown {
  if (type === "number" && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return Number(text);
  if (type === "boolean" && /^(true|1|yes|on)$/i.test(text)) return true;
  if (type === "boolean" && /^(false|0|no|off)$/i.test(text)) return false;
  return text;
}

function describe(name: string, issue: z.core.$ZodIssue, value: unknown, type: string | undefined): string {
  const hint = type === "number" ? "<number>" : type === "boolean" ? "<true|false>" : "<value>";
  const pass = `pass --param ${name}=${hint}`;
  if (value === undefined) return `missing; ${pass}`;
  const problem = issue.code === "invalid_type" ? `must be a ${issue.expected}` : issue.message;
  const shown = isSecretName(name) ? REDACTED : JSON.stringify(value);
  return `${problem}, got ${shown}; ${pass}`;
}
