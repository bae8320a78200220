import { writeFileSync } from "node:fs";
import { Document, isMap, isScalar, LineCounter, parseDocument, visit, type Node } from "yaml";
import type { z } from "zod";
import { InputError } from "../errors.js";
import { issueMessage } from "../schemas/messages.js";
import { readTextFile } from "../text-file.js";
import { DOCUMENT_VERSION, memberKey, memberNames, OrganizationDocument, permissionKey } from "./document.js";

type Path = (string | number)[];

/** `members[2].email` */
function pathText(path: Path): string {
  return (
    path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("") || "document"
  );
}

/** A problem of a document, naming where: `organization.yaml line 14, members[2].email: must be an e-mail address…`. */
export class OrganizationDocumentError extends InputError {
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    readonly path: string,
    problem: string,
  ) {
    super(`${source}${line ? ` line ${line}` : ""}, ${path}:`, problem);
  }
}

/**
 * An organization document from a YAML file, or from YAML text (any string with a line break), validated: strict
 * keys, defaults filled in, each role title and member e-mail once. Nothing is sent.
 * @throws OrganizationDocumentError (an InputError) naming the file, line and key path of the first problem.
 * @example const desired = readOrganizationDocument("organization.yaml");
 */
export function readOrganizationDocument(source: string): OrganizationDocument {
  if (typeof source !== "string" || source.trim() === "")
    throw new InputError("source", "must be a YAML file path or YAML text", source);
  if (source.includes("\n")) return parseYaml(source, "document");
  return parseYaml(readTextFile(source, "source"), source);
}

function parseYaml(text: string, source: string): OrganizationDocument {
  const lines = new LineCounter();
  const yaml = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lines.linePos(offset).line);
  const [first] = yaml.errors;
  if (first)
    throw new OrganizationDocumentError(
      source,
      lineOf(first.pos[0]),
      "document",
      `is not valid YAML: ${first.message.split("\n")[0]}`,
    );
  const where = (path: Path, key?: string) => lineOf(nodeAt(yaml, path, key)?.range?.[0]);
  const fail: Fail = (path, problem, key) => {
    throw new OrganizationDocumentError(source, where(path, key), pathText(key ? [...path, key] : path), problem);
  };

  const document = checkDocument(yaml.toJS(), fail);
  origins.set(document, { source, lineOf: (path) => where(path) });
  return document;
}

/** Where each document read from YAML came from, so that later errors about it can name the line too. */
const origins = new WeakMap<object, { source: string; lineOf(path: Path): number | undefined }>();

/**
 * `error` as an OrganizationDocumentError naming the file and line, when it is an InputError about a key of
 * `document` (such as `members.items[2].email`, from the planner) and the document was read from YAML; else as is.
 */
export function locateError(document: unknown, error: unknown): unknown {
  const origin = typeof document === "object" && document !== null ? origins.get(document) : undefined;
  if (!origin || !(error instanceof InputError) || error instanceof OrganizationDocumentError) return error;
  const key = /^(?:organization|roles|members|entitySets|permissions)\b[\w.[\]]*$/.exec(error.argument)?.[0];
  if (!key) return error;
  const path: Path = [...key.matchAll(/(\w+)|\[(\d+)\]/g)].map(([, name, index]) =>
    index === undefined ? name! : Number(index),
  );
  return new OrganizationDocumentError(
    origin.source,
    origin.lineOf(path),
    key,
    error.message.slice(error.argument.length + 1),
  );
}

/**
 * A document built in code (or read from JSON) checked as a YAML one is: strict keys, defaults filled in, each
 * role title and member e-mail once. Nothing is sent.
 * @throws OrganizationDocumentError naming the key path of the first problem.
 */
export function validateOrganizationDocument(value: unknown, source = "document"): OrganizationDocument {
  return checkDocument(value, (path, problem, key) => {
    throw new OrganizationDocumentError(source, undefined, pathText(key ? [...path, key] : path), problem);
  });
}

type Fail = (path: Path, problem: string, key?: string) => never;

function checkDocument(value: unknown, fail: Fail): OrganizationDocument {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    fail([], "must be a mapping with version, organization, roles, members, entitySets, permissions");
  const version = (value as { version?: unknown }).version;
  if (version === undefined) fail([], `needs \`version: ${DOCUMENT_VERSION}\` (the format this kit reads)`, undefined);
  if (typeof version === "number" && version > DOCUMENT_VERSION) {
    fail(
      ["version"],
      `is ${version}, made by a newer version of the kit; this one reads version ${DOCUMENT_VERSION}: update the kit`,
    );
  }
  const parsed = OrganizationDocument.safeParse(value, { error: issueMessage });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path as Path;
    if (issue.code === "unrecognized_keys") fail(path, `is not a known key${knownKeys(path)}`, issue.keys[0]);
    fail(path, issueText(issue));
  }
  const document = parsed.data as OrganizationDocument;
  findTwice(document.roles.items, (role) => role.title, ["roles", "items"], "title", "a role titled", fail);
  findTwice(
    document.members.items,
    memberKey,
    ["members", "items"],
    (member) => (member.email !== undefined ? "email" : "userId"),
    "the member",
    fail,
  );
  findTwice(document.entitySets, (set) => set.name, ["entitySets"], "name", "the entity set", fail);
  findTwice(document.permissions.items, permissionKey, ["permissions", "items"], undefined, "permissions for", fail);
  return document;
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value" && issue.path[0] === "version") return `must be ${DOCUMENT_VERSION}`;
  return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
}

function knownKeys(path: Path): string {
  const keys = path.length === 0 ? Object.keys(OrganizationDocument.shape) : undefined;
  return keys ? ` (one of ${keys.join(", ")})` : "";
}

/** The node at `path` (or the key `key` of the mapping there); the nearest existing parent when it is missing. */
function nodeAt(yaml: Document, path: Path, key?: string): Node | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = (length === 0 ? yaml.contents : yaml.getIn(path.slice(0, length), true)) as Node | undefined;
    if (!node) continue;
    if (key !== undefined && length === path.length && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (pair) return pair.key as Node;
    }
    return node;
  }
  return undefined;
}

function findTwice<T>(
  items: T[],
  keyOf: (item: T) => string,
  path: Path,
  field: string | ((item: T) => string) | undefined,
  noun: string,
  fail: Fail,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    const first = seen.get(key);
    const at = typeof field === "function" ? field(item) : field;
    if (first !== undefined)
      fail(
        [...path, i, ...(at ? [at] : [])],
        `names ${noun} ${JSON.stringify(key)} again (first at ${pathText([...path, first])})`,
      );
    seen.set(key, i);
  });
}

/** Options of `toYaml`: a comment for the top of the file, e.g. where and when it was exported. */
export interface ToYamlOptions {
  header?: string;
}

/**
 * The document as YAML: keys in the documented order, comments where they help a reader (what prune does, that
 * ids are informational). Validated first, so what is written can be read back.
 * @throws InputError naming the key of an invalid document.
 */
export function toYaml(document: OrganizationDocument, options: ToYamlOptions = {}): string {
  const parsed = OrganizationDocument.safeParse(document, { error: issueMessage });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`document.${pathText(issue.path as Path)}`, issueText(issue));
  }
  const yaml = new Document(parsed.data);
  visit(yaml, { Seq: (_, seq) => void (seq.flow = seq.items.every(isScalar)) }); // [READ, WRITE] on one line
  if (options.header) yaml.commentBefore = ` ${options.header.replace(/\n/g, "\n ")}`;
  const comment = (path: Path, text: string) => {
    const node = yaml.getIn(path, true) as Node | undefined;
    if (node) node.comment = ` ${text}`;
  };
  comment(["roles", "prune"], "true: roles of the live organization missing here are deleted");
  comment(["members", "prune"], "true: members missing here are removed, and roles not listed are taken");
  comment(["permissions", "prune"], "true: permissions on these entity sets and tables not listed here are revoked");
  parsed.data.roles.items.forEach(
    (role, i) => role.id && comment(["roles", "items", i, "id"], "informational: roles are matched by title"),
  );
  parsed.data.members.items.forEach((member, i) => {
    if (member.userId === undefined) return;
    const given = document.members?.items?.[i];
    const name = given && memberNames.get(given);
    comment(
      ["members", "items", i, "userId"],
      member.email !== undefined
        ? "informational: members are matched by e-mail"
        : `${name ? `${name}: ` : ""}no e-mail, matched by user id`,
    );
  });
  return yaml.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/**
 * Writes the document as YAML (`toYaml`) to `path`.
 * @example writeOrganizationDocument("organization.yaml", await exportOrganization(ol, organizationId));
 */
export function writeOrganizationDocument(
  path: string,
  document: OrganizationDocument,
  options: ToYamlOptions = {},
): void {
  if (typeof path !== "string" || path.trim() === "") throw new InputError("path", "must be a file path", path);
  writeFileSync(path, toYaml(document, options));
}
