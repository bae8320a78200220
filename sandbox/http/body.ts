import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { issueMessage } from "../../lib/schemas/messages.js";
import { badRequest, HttpError } from "./errors.js";

/** The largest request body the sandbox reads. */
export const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere the sandbox would store or look up is a 400 here
 * rather than a database error. In JSON text it can only be the escape `\u0000` after an odd run of backslashes.
 */
const JSON_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/;
const nul = (what: string) => badRequest(`${what} cannot contain the NUL character (U+0000).`);

/** `value`, or 400 when it holds a NUL. */
export function noNul(what: string, value: string): string {
  if (value.includes("\0")) throw nul(what);
  return value;
}

/** Deeper JSON is refused (Jackson's limit): deeper values overflow the stack where the sandbox serializes them. */
const MAX_JSON_DEPTH = 1000;

/** Whether arrays and objects nest deeper than `MAX_JSON_DEPTH`, counted on the text outside strings. */
function tooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === "]" || c === "}") depth--;
  }
  return false;
}

const tooLarge = () =>
  new HttpError(413, "payloadTooLarge", 413, `Request body is larger than ${MAX_BODY_BYTES} bytes.`);

const mediaType = (req: IncomingMessage) => (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();

function requireMediaType(req: IncomingMessage, accepted: string[]) {
  const type = mediaType(req);
  if (!accepted.includes(type)) {
    throw new HttpError(
      415,
      "unsupportedMediaType",
      415,
      `Content type '${type || "none"}' not supported; send ${accepted.join(" or ")}.`,
    );
  }
}

/** A JSON body validated by `schema`; the message of a failed check names the field. */
export function parseJson<S extends z.ZodType>(req: IncomingMessage, raw: Buffer, schema: S): z.output<S> {
  requireMediaType(req, ["application/json"]);
  if (raw.length === 0) throw badRequest("Required request body is missing.");
  const text = raw.toString("utf8");
  if (JSON_NUL.test(text)) throw nul("Request body");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`JSON parse error: ${(error as Error).message}`);
  }
  if (tooDeep(text)) throw badRequest(`JSON nesting depth exceeds the maximum allowed (${MAX_JSON_DEPTH}).`);
  return parseInput(schema, value);
}

/** `value` as `schema` (an input rule of lib/schemas) reads it, or 400 with the message of its first issue, after the field's path. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value, { error: issueMessage });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  throw badRequest(`${where}${issue.message}`);
}

/** A raw `text/plain` body (also form-encoded where the real endpoint accepts it); empty is refused. */
export function parseText(req: IncomingMessage, raw: Buffer, alsoForm = false): string {
  requireMediaType(req, alsoForm ? ["text/plain", "application/x-www-form-urlencoded"] : ["text/plain"]);
  const text = raw.toString("utf8");
  if (text.length === 0) throw badRequest("Required request body is missing.");
  return noNul("Request body", text);
}
