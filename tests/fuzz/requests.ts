import fc from "fast-check";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { jwtPart } from "../helpers/tokens.js";
import { VALID_BODIES } from "./valid-bodies.js";

// Requests derived from the route table: the route's method or another, its path with fixture, boundary or random
// segments, a body mutated from the route's valid one (or random, or none), a content type, and an Authorization
// header of some shape. Everything is symbolic (placeholders, a caller's name, a header shape) so a failure prints
// no token; fuzz.ts fills them in when it sends.

/** What fuzz.ts needs of a route of the sandbox's table. */
export interface RouteShape {
  method: string;
  path: string;
}

export type Caller = keyof typeof SEEDED_USERS;

/** How the Authorization header is built from the caller's token `T`. */
export const AUTH_SHAPES = {
  "Bearer T": (t: string) => `Bearer ${t}`,
  "bearer T": (t: string) => `bearer ${t}`,
  "BEARER T": (t: string) => `BEARER ${t}`,
  BearerT: (t: string) => `Bearer${t}`,
  "Bearer  T": (t: string) => `Bearer  ${t}`,
  "Bearer\\tT": (t: string) => `Bearer\t${t}`,
  "Bearer T ": (t: string) => `Bearer ${t} `,
  "Bearer T T": (t: string) => `Bearer ${t} ${t}`,
  "Bearer T, Bearer T": (t: string) => `Bearer ${t}, Bearer ${t}`,
  T: (t: string) => t,
  Bearer: () => "Bearer",
  "Bearer ": () => "Bearer ",
  Basic: () => `Basic ${Buffer.from("owner:password").toString("base64")}`,
  "Bearer T truncated": (t: string) => `Bearer ${t.slice(0, -5)}`,
  "Bearer T without signature": (t: string) => `Bearer ${t.split(".").slice(0, 2).join(".")}`,
  "Bearer T signed with alg none": (t: string) => `Bearer ${jwtPart({ alg: "none", typ: "JWT" })}.${t.split(".")[1]}.`,
  "Bearer T with its signature altered": (t: string) => `Bearer ${t.slice(0, -3)}${t.endsWith("AAA") ? "BBB" : "AAA"}`,
  "Bearer T with a payload that is not JSON": (t: string) =>
    `Bearer ${t.split(".")[0]}.${jwtPart("not json")}.${t.split(".")[2]}`,
} satisfies Record<string, (token: string) => string>;
export type AuthShape = keyof typeof AUTH_SHAPES;

export type Auth = { as: "none" } | { as: Caller; shape: AuthShape } | { as: "garbage"; header: string };

/** Changes after which no route matches the path: it must be a 404. */
export const UNROUTED = {
  "a leading //host": (path: string) => `//host${path}`,
  "the first segment in capitals": (path: string) => path.replace(/^\/[^/]+/, (first) => first.toUpperCase()),
} satisfies Record<string, (path: string) => string>;

export interface FuzzRequest {
  /** The route it was derived from, `METHOD path`. */
  route: string;
  method: string;
  /** Encoded as sent, with fixture placeholders. */
  path: string;
  auth: Auth;
  contentType?: string;
  /** With fixture placeholders. */
  body?: string;
  /** Compare both databases before and after, when the request is refused (4xx, 5xx) and not a GET. */
  snapshot: boolean;
  /** Sent twice at once, for races between two requests. */
  twiceAtOnce: boolean;
  /** How the path was made to match no route, if it was (already applied to `path`). */
  unrouted?: keyof typeof UNROUTED;
}

const PLACEHOLDERS = ["{org}", "{role}", "{adminRole}", "{sample}", "{es}", "{pt}", "{et}", "{missing}"];
/** The fixture object a path parameter most likely names, by its name or else by the path before it. */
const LIKELY_BY_NAME: Record<string, string> = {
  roleId: "{role}",
  setId: "{es}",
  entitySetId: "{es}",
  entityTypeId: "{et}",
  propertyTypeId: "{pt}",
  organizationId: "{org}",
  orgId: "{org}",
};
const LIKELY_AFTER: [RegExp, string][] = [
  [/\/organizations?(-database)?\/$/, "{org}"],
  [/\/roles\/$/, "{role}"],
  [/\/entity-sets\/all\/$/, "{es}"],
  [/\/property\/type\/$/, "{pt}"],
  [/\/entity\/type\/$/, "{et}"],
];
const likely = (name: string, before: string) =>
  LIKELY_BY_NAME[name] ?? LIKELY_AFTER.find(([after]) => after.test(before))?.[1];
const KNOWN_NAMES: Record<string, string[]> = {
  userId: [...Object.values(SEEDED_USERS).map((u) => u.user_id), "auth0|nobody", "google-oauth2|1"],
  name: ["demo_people", "demo_incidents", "PersonGivenName"],
  namespace: ["nc", "general", "ol"],
  domain: ["example.org", "example.com"],
  rowCount: ["1", "10", "0", "-1", "1e3", "2147483648"],
};
/** Already encoded, sent as written. */
const BOUNDARY_SEGMENTS = [
  "00000000-0000-0000-0000-000000000000",
  "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
  "not-a-uuid",
  "0",
  "-1",
  "null",
  "undefined",
  "%ZZ",
  "%FF%FE",
  "%C0%AF",
  "%00",
  "..",
  ".",
  "%2e%2e",
  "..%2F..",
  "a%2Fb",
  "a/b",
  "%20",
  "x".repeat(300),
  encodeURIComponent("' OR '1'='1"),
  encodeURIComponent("组织 🚀"),
  encodeURIComponent("\u202Eevil"),
];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "text/plain",
  "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded",
  "application/jsonp",
  "multipart/form-data; boundary=x",
  "*/*",
  ";",
  "",
];
const BOUNDARY_STRINGS = [
  "",
  " ",
  "\t\r\n",
  "\u0000",
  "a\u0000b",
  "x".repeat(5000),
  "Ü".repeat(1000),
  "组织 🚀 \u202Eevil\u202C \uFEFF",
  "x'); DROP TABLE principals; --",
  "../../etc/passwd",
  "00000000-0000-0000-0000-000000000000",
  "NaN",
  "__proto__",
  "constructor",
  ...PLACEHOLDERS,
  "{^org}",
  "{^es}",
  "{^pt}",
];

const printable = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});
const randomSegment = fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).map(encodeURIComponent);

function segment(name: string, before = ""): fc.Arbitrary<string> {
  const guess = likely(name, before);
  const known = KNOWN_NAMES[name] ?? (guess ? [guess] : PLACEHOLDERS);
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...known).map((v) => (v.startsWith("{") ? v : encodeURIComponent(v))) },
    { weight: 2, arbitrary: fc.constantFrom(...PLACEHOLDERS) },
    { weight: 1, arbitrary: fc.constantFrom(...PLACEHOLDERS).map((p) => p.replace("{", "{^")) },
    { weight: 2, arbitrary: fc.constantFrom(...BOUNDARY_SEGMENTS) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: randomSegment },
  );
}

/** The route's path with each `{name}` or `{name*}` replaced, sometimes a trailing slash, and a `setId` query for data. */
function pathOf(route: RouteShape): fc.Arbitrary<string> {
  const parts = route.path.split(/(\{\w+\*?\})/);
  const segments = parts.map((part, i) => {
    const param = /^\{(\w+)\*?\}$/.exec(part);
    return param ? segment(param[1]!, parts.slice(0, i).join("")) : fc.constant(part);
  });
  const query =
    route.path === "/datastore/data/set"
      ? fc.oneof(
          { weight: 6, arbitrary: segment("setId").map((id) => `?setId=${id}`) },
          fc.constantFrom("", "?setId=", "?setId={es}&setId={missing}"),
        )
      : fc.constant("");
  return fc
    .tuple(fc.tuple(...segments), fc.oneof({ weight: 6, arbitrary: fc.constant("") }, fc.constant("/")), query)
    .map(([filled, slash, q]) => `${filled.join("")}${slash}${q}`);
}

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...BOUNDARY_STRINGS, 0, -1, 1.5, 2 ** 53 + 1, 1e308, -1e308, true, false, null, [], {}),
  fc.jsonValue({ maxDepth: 2 }),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every location in `value`, as key paths. */
function locations(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const children = Array.isArray(value)
    ? value.map((v, i) => locations(v, [...at, i]))
    : value !== null && typeof value === "object"
      ? Object.entries(value).map(([k, v]) => locations(v, [...at, k]))
      : [];
  return [at, ...children.flat()];
}

/** `value` with the thing at `path` replaced by `change(old)` (undefined removes it). */
function edit(value: Json, path: (string | number)[], change: (old: Json) => unknown): Json {
  if (path.length === 0) return change(value) as Json;
  const [head, ...rest] = path;
  const copy: Json = Array.isArray(value) ? [...value] : { ...(value as Record<string, Json>) };
  const next = edit((copy as Record<string | number, Json>)[head!]!, rest, change);
  if (next === undefined && Array.isArray(copy)) copy.splice(head as number, 1);
  else if (next === undefined) delete (copy as Record<string, Json>)[head!];
  else (copy as Record<string | number, Json>)[head!] = next;
  return copy;
}

/** A JSON body mutated at one location: replaced, removed, wrapped, given an extra key, or its text cut or garbled. */
function mutatedJson(text: string): fc.Arbitrary<string> {
  const value = JSON.parse(text) as Json;
  const where = fc.constantFrom(...locations(value));
  return fc.oneof(
    fc.tuple(where, leaf).map(([at, v]) => JSON.stringify(edit(value, at, () => v))),
    where.map((at) => JSON.stringify(edit(value, at, () => undefined)) ?? ""),
    where.map((at) => JSON.stringify(edit(value, at, (old) => [old]))),
    fc
      .tuple(where, fc.constantFrom("@class", "id", "__proto__", "extra", "type"), leaf)
      .map(([at, key, v]) =>
        JSON.stringify(
          edit(value, at, (old) =>
            old !== null && typeof old === "object" && !Array.isArray(old) ? { ...old, [key]: v } : old,
          ),
        ),
      ),
    fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
    fc
      .tuple(fc.nat({ max: text.length }), fc.constantFrom("\u0000", "\\u0000", '"', "\\", "{", "]", ",", "\uD800"))
      .map(([n, c]) => text.slice(0, n) + c + text.slice(n)),
  );
}

const randomBody = fc.oneof(
  fc.constantFrom(...BOUNDARY_STRINGS),
  fc.json({ maxDepth: 3 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
);

/** A content type and body: mostly the route's valid body mutated, else random or none. */
function bodyOf(route: RouteShape): fc.Arbitrary<{ contentType?: string; body?: string }> {
  const valid = VALID_BODIES[`${route.method} ${route.path}`];
  const type = (natural: string) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constant<string | undefined>(natural) },
      fc.constantFrom<string | undefined>(undefined, ...CONTENT_TYPES),
    );
  const random = fc.record({ contentType: type("application/json"), body: randomBody });
  const none = fc.constant({});
  if (!valid) return fc.oneof({ weight: 3, arbitrary: none }, random);
  const mutated =
    valid.contentType === "application/json"
      ? mutatedJson(valid.body)
      : fc.oneof(fc.constantFrom(...BOUNDARY_STRINGS), randomBody);
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ contentType: type(valid.contentType), body: mutated }) },
    { weight: 2, arbitrary: fc.record({ contentType: type(valid.contentType), body: fc.constant(valid.body) }) },
    { weight: 1, arbitrary: random },
    { weight: 1, arbitrary: none },
  );
}

const callers = Object.keys(SEEDED_USERS) as Caller[];
const auth: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ as: fc.constantFrom(...callers), shape: fc.constant<AuthShape>("Bearer T") }) },
  {
    weight: 2,
    arbitrary: fc.record({
      as: fc.constantFrom(...callers),
      shape: fc.constantFrom(...(Object.keys(AUTH_SHAPES) as AuthShape[])),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ as: "none" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ as: fc.constant("garbage" as const), header: printable.map((s) => `Bearer ${s}`) }),
  },
);

/** Requests for every route of `routes`; `snapshotOneIn` of them compare the databases when refused. */
export function fuzzRequests(routes: RouteShape[], snapshotOneIn: number): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...routes).chain((route) =>
    fc
      .record({
        route: fc.constant(`${route.method} ${route.path}`),
        method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, fc.constantFrom(...METHODS)),
        path: pathOf(route),
        auth,
        body: bodyOf(route),
        snapshot: fc.nat({ max: snapshotOneIn - 1 }).map((n) => n === 0),
        twiceAtOnce: fc.nat({ max: 9 }).map((n) => n === 0),
        unrouted: fc.oneof(
          { weight: 30, arbitrary: fc.constant(undefined) },
          fc.constantFrom(...(Object.keys(UNROUTED) as (keyof typeof UNROUTED)[])),
        ),
      })
      .map(({ body, unrouted, path, ...request }) => ({
        ...request,
        ...body,
        path: unrouted ? UNROUTED[unrouted](path) : path,
        unrouted,
      })),
  );
}
