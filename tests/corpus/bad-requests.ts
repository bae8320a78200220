// The bad-input corpus: malformed requests to every sandbox endpoint, each with the status and error type the
// sandbox answers (the real server's, or the deviation docs/sandbox.md names). Paths are sent byte for byte as
// written here (already URL-encoded; `..` is not normalized by the sender). Placeholders, filled from the
// fixture in bad-requests.test.ts: {org} (an organization of the owner's, with the member in it), {role} (a role
// of it), {adminRole}, {sample}, {es} (demo_people), {pt} (one of its property types), {et} (its entity type),
// {missing} (a UUID nothing has). `client` marks an entry the client refuses before sending: [api, call, ...args].

export type Endpoint = "organizations" | "members" | "roles" | "grants" | "principals" | "permissions" | "authorizations" | "entity-sets" | "data" | "edm" | "assembly" | "organization-database" | "router";
export type Caller = "owner" | "member" | "outsider" | "admin" | "none";

export interface BadRequest {
  endpoint: Endpoint;
  name: string;
  method: string;
  path: string;
  /** Who calls; the owner when absent. */
  as?: Caller;
  headers?: Record<string, string>;
  body?: string;
  /** Sent with chunked transfer encoding, no Content-Length. */
  chunked?: boolean;
  status: number;
  type: string;
  /** A part of the error message (placeholders filled). */
  message?: string;
  client?: [api: "organizations" | "principals" | "entitySets" | "permissions" | "authorizations" | "data" | "edm" | "datasets", call: string, ...args: unknown[]];
}

export const MAX_BODY_BYTES = 1024 * 1024;
const E400 = { status: 400, type: "illegalArgument" };
const E401 = { status: 401, type: "forbidden" };
const E404 = { status: 404, type: "resourceNotFound" };
const E405 = { status: 405, type: "methodNotAllowed" };
const E413 = { status: 413, type: "payloadTooLarge" };
const E415 = { status: 415, type: "unsupportedMediaType" };
const E500 = { status: 500, type: "illegalState" };

const typed = (contentType: string, body: string) => ({ headers: { "Content-Type": contentType }, body });
const text = (body: string) => typed("text/plain", body);
const json = (value: unknown) => typed("application/json", typeof value === "string" ? value : JSON.stringify(value));

const DEEP_ARRAY = "[".repeat(10_000) + "]".repeat(10_000);
const deepObject = (leaf: string, depth = 10_000) => '{"a":'.repeat(depth) + leaf + "}".repeat(depth);
const TOO_DEEP = "JSON nesting depth exceeds the maximum allowed (1000).";
const OVER_LIMIT = "x".repeat(MAX_BODY_BYTES + 1);
const LONG = "Ü".repeat(200_000);
const UNICODE = "Ünïcödé 組織 🚀 עברית \u202Eevil\u202C \uFEFF";
const CONTROL = "tab\tnew\nline\r bell\u0007 esc\u001b[31m del\u007f";
const SQL = "x'); DROP TABLE principals; --";
const NUL = "before\u0000after";
const enc = encodeURIComponent;
const roleBody = (fields: Record<string, unknown>) =>
  json({ "@class": "com.openlattice.organization.roles.Role", organizationId: "{org}", principal: { type: "ROLE", id: "{org}|Corpus" }, title: "Corpus", ...fields });
const ace = { principal: { type: "USER", id: "auth0|5e39a1c7d2f84a0012b3c404" }, permissions: ["READ"] };
const acl = (fields: Record<string, unknown>, aclFields: Record<string, unknown> = {}) => ({ action: "ADD", acl: { aclKey: ["{es}"], aces: [ace], ...aclFields }, ...fields });
const propertyType = (fields: Record<string, unknown>) => ({ type: { namespace: "corpus", name: "p" }, title: "P", datatype: "String", ...fields });

const ORGS = "/datastore/organizations";
const O = `${ORGS}/{org}`;
const MEMBERS = `${O}/principals/members`;
const ROLES = `${O}/principals/roles`;
const P = "/datastore/principals";
const GRANT = `${ROLES}/{role}/grant`;
const AUTHZ = "/datastore/authorizations";
const EXPLAIN = "/datastore/permissions/explain";
const ES = "/datastore/entity-sets";
const DATA = "/datastore/data/set/?setId={es}";
const PT = "/datastore/edm/property/type";
const DB = "/datastore/organization-database";
const TABLES = "external-database-table";
const newOrg = { title: "Corpus", principal: { type: "ORGANIZATION", id: "CorpusNeverCreated" } };

export const BAD_REQUESTS: BadRequest[] = [
  // ── organizations ──
  { endpoint: "organizations", name: "a malformed UUID", method: "GET", path: `${ORGS}/not-a-uuid`, ...E400, message: "Invalid UUID string: not-a-uuid", client: ["organizations", "getOrganization", "not-a-uuid"] },
  { endpoint: "organizations", name: "a UUID with a character too many", method: "GET", path: `${ORGS}/{org}0`, ...E400, message: "Invalid UUID string", client: ["organizations", "getOrganization", "{org}0"] },
  { endpoint: "organizations", name: "a UUID without dashes", method: "GET", path: `${ORGS}/279b202f61704f14b021ea904f758e27`, ...E400, client: ["organizations", "getOrganization", "279b202f61704f14b021ea904f758e27"] },
  { endpoint: "organizations", name: "SQL in the id", method: "DELETE", path: `${ORGS}/${enc("'; DROP TABLE organizations; --")}`, ...E400, message: "Invalid UUID string: '; DROP TABLE", client: ["organizations", "destroyOrganization", "'; DROP TABLE organizations; --"] },
  { endpoint: "organizations", name: "an encoded path traversal as the id", method: "GET", path: `${ORGS}/..%2F..%2Fprincipals%2Fusers`, ...E400, message: "Invalid UUID string: ../../principals/users", client: ["organizations", "getOrganization", "../../principals/users"] },
  { endpoint: "organizations", name: "a broken percent-encoding", method: "GET", path: `${ORGS}/%ZZ`, ...E400, message: "not valid URL encoding" },
  { endpoint: "organizations", name: "a percent-encoded byte that is not UTF-8", method: "GET", path: `${ORGS}/%FF%FE`, ...E400, message: "not valid URL encoding" },
  { endpoint: "organizations", name: "an unknown organization (the real server's 500)", method: "GET", path: `${ORGS}/{missing}`, ...E500, message: "Organization [{missing}] does not exist." },
  { endpoint: "organizations", name: "create without a content type", method: "POST", path: ORGS, headers: {}, body: JSON.stringify(newOrg), ...E415, message: "Content type 'none' not supported" },
  { endpoint: "organizations", name: "create as text/plain", method: "POST", path: ORGS, ...text(JSON.stringify(newOrg)), ...E415 },
  { endpoint: "organizations", name: "create as application/jsonp", method: "POST", path: ORGS, ...typed("application/jsonp", JSON.stringify(newOrg)), ...E415 },
  { endpoint: "organizations", name: "create as a form", method: "POST", path: ORGS, ...typed("application/x-www-form-urlencoded", "title=x"), ...E415 },
  { endpoint: "organizations", name: "create with an empty body", method: "POST", path: ORGS, ...json(""), ...E400, message: "Required request body is missing." },
  { endpoint: "organizations", name: "create with malformed JSON", method: "POST", path: ORGS, ...json("{nope"), ...E400, message: "JSON parse error" },
  { endpoint: "organizations", name: "create with trailing garbage after the JSON", method: "POST", path: ORGS, ...json(`${JSON.stringify(newOrg)} x`), ...E400, message: "JSON parse error" },
  { endpoint: "organizations", name: "create with 10,000 nested arrays", method: "POST", path: ORGS, ...json(DEEP_ARRAY), ...E400, message: TOO_DEEP },
  { endpoint: "organizations", name: "create with a title 10,000 objects deep", method: "POST", path: ORGS, ...json(`{"principal":{"type":"ORGANIZATION","id":"Deep"},"title":${deepObject("1")}}`), ...E400, message: TOO_DEEP },
  { endpoint: "organizations", name: "create with a title 999 objects deep (within the limit)", method: "POST", path: ORGS, ...json(`{"principal":{"type":"ORGANIZATION","id":"Deep"},"title":${deepObject("1", 999)}}`), ...E400, message: "title: Expected string" },
  { endpoint: "organizations", name: "create with a declared body over 1 MiB", method: "POST", path: ORGS, ...json(OVER_LIMIT), ...E413 },
  { endpoint: "organizations", name: "create with a chunked body over 1 MiB", method: "POST", path: ORGS, ...json(OVER_LIMIT), chunked: true, ...E413 },
  { endpoint: "organizations", name: "create with JSON null", method: "POST", path: ORGS, ...json("null"), ...E400 },
  { endpoint: "organizations", name: "create with a JSON string", method: "POST", path: ORGS, ...json('"an organization"'), ...E400 },
  { endpoint: "organizations", name: "create with a blank title", method: "POST", path: ORGS, ...json({ ...newOrg, title: " \t " }), ...E400, message: "Title cannot be blank.", client: ["organizations", "createOrganizationIfNotExists", { ...newOrg, title: " \t " }] },
  { endpoint: "organizations", name: "create with a ROLE principal", method: "POST", path: ORGS, ...json({ ...newOrg, principal: { type: "ROLE", id: "x" } }), ...E400, client: ["organizations", "createOrganizationIfNotExists", { ...newOrg, principal: { type: "ROLE", id: "x" } }] },
  { endpoint: "organizations", name: "create with an empty principal id", method: "POST", path: ORGS, ...json({ ...newOrg, principal: { type: "ORGANIZATION", id: "" } }), ...E400, client: ["organizations", "createOrganizationIfNotExists", { ...newOrg, principal: { type: "ORGANIZATION", id: "" } }] },
  { endpoint: "organizations", name: "create with unicode and control characters in the title, no principal", method: "POST", path: ORGS, ...json({ title: UNICODE + CONTROL }), ...E400, message: "principal: Required" },
  { endpoint: "organizations", name: "create with a 200,000-character title, no principal", method: "POST", path: ORGS, ...json({ title: LONG }), ...E400, message: "principal: Required" },
  { endpoint: "organizations", name: "create with a NUL in the title", method: "POST", path: ORGS, ...json({ ...newOrg, title: NUL }), ...E400, message: "NUL" },
  { endpoint: "organizations", name: "create with __proto__ smuggling the title", method: "POST", path: ORGS, ...json('{"__proto__":{"title":"x"},"principal":{"type":"ORGANIZATION","id":"Proto"}}'), ...E400, message: "title: Required" },
  { endpoint: "organizations", name: "create with a malformed id", method: "POST", path: ORGS, ...json({ ...newOrg, id: "not-a-uuid" }), ...E400, message: "id: Invalid uuid" },
  { endpoint: "organizations", name: "create with an entity set's id, as an outsider (it would own the entity set)", method: "POST", path: ORGS, as: "outsider", ...json({ ...newOrg, id: "{es}" }), ...E400, message: "probably already exists" },
  { endpoint: "organizations", name: "create with a property type's id", method: "POST", path: ORGS, ...json({ ...newOrg, id: "{pt}" }), ...E400, message: "probably already exists" },
  { endpoint: "organizations", name: "create with a role's id", method: "POST", path: ORGS, ...json({ ...newOrg, id: "{role}" }), ...E400, message: "probably already exists" },
  { endpoint: "organizations", name: "create with SQL in the title and a taken principal id", method: "POST", path: ORGS, ...json({ title: SQL, principal: { type: "ORGANIZATION", id: "OpenLatticeSampleOrg" } }), ...E400, message: "probably already exists" },
  { endpoint: "organizations", name: "create with auto-enrollments, not an admin", method: "POST", path: ORGS, ...json({ ...newOrg, connections: ["x' OR '1'='1"] }), ...E400, message: "Must be admin" },
  { endpoint: "organizations", name: "an empty title", method: "PUT", path: `${O}/title`, ...text(""), ...E400, message: "Required request body is missing.", client: ["organizations", "updateTitle", "{org}", ""] },
  { endpoint: "organizations", name: "a whitespace title", method: "PUT", path: `${O}/title`, ...text(" \t\r\n "), ...E400, message: "Title cannot be blank.", client: ["organizations", "updateTitle", "{org}", " \t\r\n "] },
  { endpoint: "organizations", name: "a title sent as JSON", method: "PUT", path: `${O}/title`, ...json('"JSON title"'), ...E415 },
  { endpoint: "organizations", name: "a title without a content type", method: "PUT", path: `${O}/title`, headers: {}, body: "no type", ...E415 },
  { endpoint: "organizations", name: "a title over 1 MiB", method: "PUT", path: `${O}/title`, ...text(OVER_LIMIT), ...E413 },
  { endpoint: "organizations", name: "a title with a NUL", method: "PUT", path: `${O}/title`, ...text(NUL), ...E400, message: "NUL" },
  { endpoint: "organizations", name: "a long unicode title from a member", method: "PUT", path: `${O}/title`, as: "member", ...text(LONG + UNICODE + CONTROL), ...E401, message: "Object [{org}] is not accessible." },
  { endpoint: "organizations", name: "SQL in the title of an unknown organization", method: "PUT", path: `${ORGS}/{missing}/title`, ...text(SQL), ...E500 },
  { endpoint: "organizations", name: "a description with a NUL", method: "PUT", path: `${O}/description`, ...text(NUL), ...E400, message: "NUL" },
  { endpoint: "organizations", name: "a description of a malformed id", method: "PUT", path: `${ORGS}/x/description`, ...text("x"), ...E400, client: ["organizations", "updateDescription", "x", "x"] },
  { endpoint: "organizations", name: "SQL in the database name", method: "PATCH", path: `${O}/database`, ...text("db'; DROP DATABASE postgres; --"), ...E400, message: "only letters, digits" },
  { endpoint: "organizations", name: "quotes in the database name", method: "PATCH", path: `${O}/database`, ...text('my"db"name'), ...E400, message: "only letters, digits" },
  { endpoint: "organizations", name: "a database name of 7 characters", method: "PATCH", path: `${O}/database`, ...text("db_1234"), ...E400, message: "between 8 and 50", client: ["organizations", "renameOrganizationDatabase", "{org}", "db_1234"] },
  { endpoint: "organizations", name: "a database name of 51 characters", method: "PATCH", path: `${O}/database`, ...text("d".repeat(51)), ...E400, message: "between 8 and 50", client: ["organizations", "renameOrganizationDatabase", "{org}", "d".repeat(51)] },
  { endpoint: "organizations", name: "a path as the database name", method: "PATCH", path: `${O}/database`, ...text("../../etc/passwd"), ...E400, message: "only letters, digits" },
  { endpoint: "organizations", name: "a unicode database name", method: "PATCH", path: `${O}/database`, ...text("база_данных_1"), ...E400, message: "only letters, digits" },
  { endpoint: "organizations", name: "the control database's name", method: "PATCH", path: `${O}/database`, ...text("openlattice"), ...E500, message: "An error occurred while trying to rename org {org}" },
  { endpoint: "organizations", name: "the postgres database's name", method: "PATCH", path: `${O}/database`, ...text("postgres"), ...E500 },
  { endpoint: "organizations", name: "a database name with a NUL", method: "PATCH", path: `${O}/database`, ...text("org_db_\u0000_x"), ...E400, message: "NUL" },
  { endpoint: "organizations", name: "a database name as a form with SQL", method: "PATCH", path: `${O}/database`, ...typed("application/x-www-form-urlencoded", "name%27%3B+DROP"), ...E400, message: "only letters, digits" },
  { endpoint: "organizations", name: "a database name as JSON", method: "PATCH", path: `${O}/database`, ...json('"org_db_json"'), ...E415 },
  { endpoint: "organizations", name: "the integration account of a malformed id", method: "PATCH", path: `${ORGS}/${enc("1 OR 1=1")}/integration`, ...E400, client: ["organizations", "rollOrganizationIntegrationAccount", "1 OR 1=1"] },
  { endpoint: "organizations", name: "e-mail domains not in an array", method: "PUT", path: `${O}/email-domains`, as: "admin", ...json('"example.org"'), ...E400 },
  { endpoint: "organizations", name: "a blank e-mail domain", method: "PUT", path: `${O}/email-domains`, as: "admin", ...json([" "]), ...E400, message: "E-mail domains cannot be blank.", client: ["organizations", "setAutoApprovedEmailDomain", "{org}", [" "]] },
  { endpoint: "organizations", name: "SQL and a number among e-mail domains", method: "POST", path: `${O}/email-domains`, as: "admin", ...json(["x'; DROP TABLE organizations; --", 1]), ...E400, client: ["organizations", "addAutoApprovedEmailDomains", "{org}", ["x'; DROP TABLE organizations; --", 1]] },
  { endpoint: "organizations", name: "e-mail domains as malformed JSON", method: "DELETE", path: `${O}/email-domains`, as: "admin", ...json('["example.org"'), ...E400, message: "JSON parse error" },
  { endpoint: "organizations", name: "a blank e-mail domain in the path", method: "PUT", path: `${O}/email-domains/%20`, as: "admin", ...E400, message: "E-mail domains cannot be blank.", client: ["organizations", "addAutoApprovedEmailDomain", "{org}", " "] },
  { endpoint: "organizations", name: "a NUL in the e-mail domain path", method: "DELETE", path: `${O}/email-domains/example%00.org`, as: "admin", ...E400, message: "NUL" },
  { endpoint: "organizations", name: "SQL in an e-mail domain from the owner (admins only)", method: "PUT", path: `${O}/email-domains/${enc("x' OR '1'='1")}`, ...E401, message: "Only admins" },
  // ── members ──
  { endpoint: "members", name: "members of a malformed id", method: "GET", path: `${ORGS}/12345/principals/members`, ...E400, client: ["organizations", "getMembers", "12345"] },
  { endpoint: "members", name: "an encoded path traversal as the user id", method: "PUT", path: `${MEMBERS}/..%2F..`, ...E404, message: 'User "../.." does not exist.' },
  { endpoint: "members", name: "'..' as the user id", method: "PUT", path: `${MEMBERS}/..`, ...E404, message: "No endpoint PUT", client: ["organizations", "addMember", "{org}", ".."] },
  { endpoint: "members", name: "'.' as the user id", method: "DELETE", path: `${MEMBERS}/.`, ...E405, client: ["organizations", "removeMember", "{org}", "."] },
  { endpoint: "members", name: "'%2e%2e' as the user id", method: "PUT", path: `${MEMBERS}/%2e%2e`, ...E404, message: "No endpoint PUT" },
  { endpoint: "members", name: "SQL in the user id", method: "PUT", path: `${MEMBERS}/${enc("auth0|' OR '1'='1")}`, ...E404, message: "User \"auth0|' OR '1'='1\" does not exist." },
  { endpoint: "members", name: "a blank user id", method: "PUT", path: `${MEMBERS}/%20`, ...E404, client: ["organizations", "addMember", "{org}", " "] },
  { endpoint: "members", name: "a NUL in the user id", method: "DELETE", path: `${MEMBERS}/auth0%7C%00`, ...E400, message: "Path parameter userId cannot contain the NUL character" },
  { endpoint: "members", name: "a 2,000-character unicode user id", method: "PUT", path: `${MEMBERS}/${enc("ü".repeat(2000))}`, ...E404 },
  { endpoint: "members", name: "a user id that is not UTF-8", method: "DELETE", path: `${MEMBERS}/%C0%AF`, ...E400, message: "not valid URL encoding" },
  { endpoint: "members", name: "adding a member as a member", method: "PUT", path: `${MEMBERS}/${enc("auth0|5e39a1c7d2f84a0012b3c404")}`, as: "member", ...E401 },
  { endpoint: "members", name: "a member of an unknown organization (its acl check fails)", method: "PUT", path: `${ORGS}/{missing}/principals/members/x`, ...E401, message: "Object [{missing}] is not accessible." },
  // ── roles ──
  { endpoint: "roles", name: "a role without @class", method: "POST", path: `${ORGS}/roles`, ...roleBody({ "@class": undefined }), ...E400, message: "@class" },
  { endpoint: "roles", name: "a role with a blank title", method: "POST", path: `${ORGS}/roles`, ...roleBody({ title: "  " }), ...E400, message: "Title cannot be blank.", client: ["organizations", "createRole", { organizationId: "{org}", title: "  ", principal: { type: "ROLE", id: "{org}|Corpus" } }] },
  { endpoint: "roles", name: "a role with a USER principal", method: "POST", path: `${ORGS}/roles`, ...roleBody({ principal: { type: "USER", id: "x" } }), ...E400, message: "Role principal type must be ROLE", client: ["organizations", "createRole", { organizationId: "{org}", title: "T", principal: { type: "USER", id: "x" } }] },
  { endpoint: "roles", name: "a role with a malformed organization id", method: "POST", path: `${ORGS}/roles`, ...roleBody({ organizationId: "x' OR 1=1" }), ...E400, message: "organizationId: Invalid uuid", client: ["organizations", "createRole", { organizationId: "x' OR 1=1", title: "T", principal: { type: "ROLE", id: "x" } }] },
  { endpoint: "roles", name: "a role without an organization id", method: "POST", path: `${ORGS}/roles`, ...roleBody({ organizationId: undefined }), ...E400, message: "Organization id cannot be null." },
  { endpoint: "roles", name: "a role with a malformed acl key", method: "POST", path: `${ORGS}/roles`, ...roleBody({ aclKey: ["{org}", "../.."] }), ...E400 },
  { endpoint: "roles", name: "a role with a blank principal id", method: "POST", path: `${ORGS}/roles`, ...roleBody({ principal: { type: "ROLE", id: " " } }), ...E400, message: "Role principal id cannot be blank.", client: ["organizations", "createRole", { organizationId: "{org}", title: "T", principal: { type: "ROLE", id: " " } }] },
  { endpoint: "roles", name: "a role with SQL in its title, from an outsider", method: "POST", path: `${ORGS}/roles`, as: "outsider", ...roleBody({ title: SQL, description: UNICODE }), ...E401, message: "Object [{org}] is not accessible." },
  { endpoint: "roles", name: "a role of an unknown organization", method: "POST", path: `${ORGS}/roles`, ...roleBody({ organizationId: "{missing}" }), ...E500 },
  { endpoint: "roles", name: "a role as text/plain", method: "POST", path: `${ORGS}/roles`, ...text("{}"), ...E415 },
  { endpoint: "roles", name: "a role whose principal is 10,000 objects deep", method: "POST", path: `${ORGS}/roles`, ...json(`{"principal":${deepObject("1")}}`), ...E400, message: TOO_DEEP },
  { endpoint: "roles", name: "a malformed role id", method: "GET", path: `${ROLES}/..%2F..`, ...E400, message: "Invalid UUID string: ../..", client: ["organizations", "getRole", "{org}", "../.."] },
  { endpoint: "roles", name: "an unknown role", method: "GET", path: `${ROLES}/{missing}`, ...E401, message: "Unable to find role: [{org}, {missing}]" },
  { endpoint: "roles", name: "a blank role title", method: "PUT", path: `${ROLES}/{role}/title`, ...text("   "), ...E400, message: "Title cannot be blank.", client: ["organizations", "updateRoleTitle", "{org}", "{role}", "   "] },
  { endpoint: "roles", name: "a role title with a NUL", method: "PUT", path: `${ROLES}/{role}/title`, ...text(`${SQL}\u0000`), ...E400, message: "NUL" },
  { endpoint: "roles", name: "a role title as JSON", method: "PUT", path: `${ROLES}/{role}/title`, ...json('"x"'), ...E415 },
  { endpoint: "roles", name: "a role description over 1 MiB", method: "PUT", path: `${ROLES}/{role}/description`, ...text(OVER_LIMIT), chunked: true, ...E413 },
  { endpoint: "roles", name: "a role description from a member", method: "PUT", path: `${ROLES}/{role}/description`, as: "member", ...text(CONTROL), ...E401 },
  { endpoint: "roles", name: "deleting the admin role", method: "DELETE", path: `${ROLES}/{adminRole}`, ...E400, message: "admin role" },
  { endpoint: "roles", name: "an encoded path traversal as a role's user", method: "PUT", path: `${ROLES}/{role}/members/..%2F..%2F..%2Fadmin`, ...E404, message: 'User "../../../admin" does not exist.' },
  { endpoint: "roles", name: "a NUL as a role's user", method: "PUT", path: `${ROLES}/{role}/members/%00`, ...E400, message: "NUL" },
  { endpoint: "roles", name: "a path traversal before the role id", method: "DELETE", path: `${ROLES}/..%2F{role}/members/x`, ...E400, message: "Invalid UUID string" },
  { endpoint: "roles", name: "a role's users in a malformed organization", method: "GET", path: `${ORGS}/null/principals/roles/{role}/members`, ...E400, client: ["organizations", "getAllUsersOfRole", "null", "{role}"] },
  { endpoint: "roles", name: "giving a role as a member", method: "PUT", path: `${ROLES}/{role}/members/${enc("google-oauth2|104729384756102938475")}`, as: "member", ...E401 },
  { endpoint: "roles", name: "'.' as a role's user", method: "PUT", path: `${ROLES}/{role}/members/.`, ...E405, client: ["organizations", "addRoleToUser", "{org}", "{role}", "."] },
  // ── principals ──
  { endpoint: "principals", name: "an unknown principal type", method: "POST", path: P, ...json({ type: "SUPERUSER", id: "x" }), ...E400, client: ["principals", "getSecurablePrincipal", { type: "SUPERUSER", id: "x" }] },
  { endpoint: "principals", name: "an empty principal id", method: "POST", path: P, ...json({ type: "USER", id: "" }), ...E400, client: ["principals", "getSecurablePrincipal", { type: "USER", id: "" }] },
  { endpoint: "principals", name: "SQL in a principal id", method: "POST", path: P, ...json({ type: "ROLE", id: "x' OR 1=1 --" }), ...E404, message: "Principal ROLE x' OR 1=1 -- does not exist." },
  { endpoint: "principals", name: "a principal as text/plain", method: "POST", path: P, ...text('{"type":"USER","id":"x"}'), ...E415 },
  { endpoint: "principals", name: "user ids not in an array", method: "POST", path: `${P}/users`, ...json('"auth0|x"'), ...E400, client: ["principals", "getUsers", "auth0|x"] },
  { endpoint: "principals", name: "numbers as user ids", method: "POST", path: `${P}/users`, ...json([1, 2]), ...E400, client: ["principals", "getUsers", [1, 2]] },
  { endpoint: "principals", name: "a search with neither field", method: "POST", path: `${P}/users/search`, ...json({}), ...E400, message: 'one of "email", "name" is required', client: ["principals", "searchUsers", {}] },
  { endpoint: "principals", name: "a search with both fields", method: "POST", path: `${P}/users/search`, ...json({ email: "a@b.c", name: "x" }), ...E400, message: "only one of", client: ["principals", "searchUsers", { email: "a@b.c", name: "x" }] },
  { endpoint: "principals", name: "a blank e-mail search", method: "POST", path: `${P}/users/search`, ...json({ email: "  " }), ...E400, message: "email cannot be blank", client: ["principals", "searchUsers", { email: "  " }] },
  { endpoint: "principals", name: "a NUL in a name search", method: "POST", path: `${P}/users/search`, ...json({ name: "%\u0000%" }), ...E400, message: "NUL" },
  { endpoint: "principals", name: "a number as the e-mail", method: "POST", path: `${P}/users/search`, ...json({ email: 123 }), ...E400 },
  { endpoint: "principals", name: "SQL in a user id", method: "GET", path: `${P}/users/${enc("auth0|'; DROP TABLE users; --")}`, ...E404 },
  { endpoint: "principals", name: "an encoded path traversal as a user id", method: "GET", path: `${P}/users/..%2F..%2Forganizations`, ...E404, message: 'User "../../organizations" does not exist.' },
  { endpoint: "principals", name: "'..' as a user id", method: "GET", path: `${P}/users/..`, ...E405, client: ["principals", "getUser", ".."] },
  { endpoint: "principals", name: "a blank user id", method: "GET", path: `${P}/users/%20%20`, ...E404, client: ["principals", "getUser", "  "] },
  // ── permissions ──
  { endpoint: "organizations", name: "the admin role's login asked by a member", method: "GET", path: `${O}/integration/roles`, as: "member", ...E401, message: "Object [{org}] is not accessible." },
  { endpoint: "organizations", name: "the admin role's login of an unknown organization", method: "GET", path: `${ORGS}/{missing}/integration/roles`, ...E500, message: "Organization [{missing}] does not exist." },
  { endpoint: "organizations", name: "the admin role's login of a malformed id", method: "GET", path: `${ORGS}/x'--/integration/roles`, ...E400, message: "Invalid UUID string", client: ["organizations", "getOrganizationAdminRoleDatabaseAccount", "x'--"] },
  { endpoint: "assembly", name: "a refresh rate of zero minutes", method: "PUT", path: `${O}/{es}/refresh-rate`, ...json(0), ...E400, message: "Minimum refresh rate is 1 minute.", client: ["organizations", "updateRefreshRate", "{org}", "{es}", 0] },
  { endpoint: "assembly", name: "clearing the refresh rate of a malformed entity set id", method: "DELETE", path: `${O}/x/refresh-rate`, ...E400, message: "Invalid UUID string: x", client: ["organizations", "deleteRefreshRate", "{org}", "x"] },
  { endpoint: "grants", name: "an organization created with a bare domain in an e-mail-domain grant", method: "POST", path: ORGS, ...json({ title: "G", principal: { type: "ORGANIZATION", id: "CorpusGrants" }, grants: { "{missing}": { EmailDomain: { grantType: "EmailDomain", mappings: ["example.org"] } } } }), ...E400, message: "The following domains were not valid e-mails: [example.org]" },
  { endpoint: "grants", name: "an unknown grant type", method: "PUT", path: GRANT, ...json({ grantType: "Everyone", mappings: [] }), ...E400, message: "grantType", client: ["organizations", "updateRoleGrant", "{org}", "{role}", { grantType: "Everyone", mappings: [] }] },
  { endpoint: "grants", name: "mappings that are not an array", method: "PUT", path: GRANT, ...json({ grantType: "Groups", mappings: "staff" }), ...E400, message: "mappings", client: ["organizations", "updateRoleGrant", "{org}", "{role}", { grantType: "Groups", mappings: "staff" }] },
  { endpoint: "grants", name: "an e-mail-domain grant with a bare domain (the real Grant wants e-mails)", method: "PUT", path: GRANT, ...json({ grantType: "EmailDomain", mappings: ["example.org"] }), ...E400, message: "The following domains were not valid e-mails: [example.org]" },
  { endpoint: "grants", name: "an attributes grant without its attribute", method: "PUT", path: GRANT, ...json({ grantType: "Attributes", mappings: ["x"], attribute: " " }), ...E400, message: "Attribute key must not be blank for Attributes grant type." },
  { endpoint: "grants", name: "a grant from a member", method: "PUT", path: GRANT, as: "member", ...json({ grantType: "Automatic", mappings: [] }), ...E401, message: "Object [{org}] is not accessible." },
  { endpoint: "grants", name: "SQL in a grant from an outsider", method: "PUT", path: GRANT, as: "outsider", ...json({ grantType: "Groups", mappings: [SQL] }), ...E401 },
  { endpoint: "grants", name: "a grant on an unknown role", method: "PUT", path: `${ROLES}/{missing}/grant`, ...json({ grantType: "Automatic", mappings: [] }), ...E401, message: "Object [{org}, {missing}] is not accessible." },
  { endpoint: "grants", name: "a grant on an unknown organization", method: "PUT", path: `${ORGS}/{missing}/principals/roles/{role}/grant`, ...json({ grantType: "Automatic", mappings: [] }), ...E500, message: "Organization [{missing}] does not exist." },
  { endpoint: "grants", name: "a grant as text/plain", method: "PUT", path: GRANT, ...text("Automatic"), ...E415 },
  { endpoint: "grants", name: "a grant 10,000 objects deep", method: "PUT", path: GRANT, ...json(deepObject("1")), ...E400, message: TOO_DEEP },
  { endpoint: "authorizations", name: "checks not in an array", method: "POST", path: AUTHZ, ...json({ aclKey: ["{es}"], permissions: ["READ"] }), ...E400, client: ["authorizations", "getAuthorizations", { aclKey: ["{es}"], permissions: ["READ"] }] },
  { endpoint: "authorizations", name: "an empty acl key", method: "POST", path: AUTHZ, ...json([{ aclKey: [], permissions: ["READ"] }]), ...E400, client: ["authorizations", "getAuthorizations", [{ aclKey: [], permissions: ["READ"] }]] },
  { endpoint: "authorizations", name: "SQL as an acl key", method: "POST", path: AUTHZ, ...json([{ aclKey: [SQL], permissions: ["READ"] }]), ...E400, client: ["authorizations", "getAuthorizations", [{ aclKey: [SQL], permissions: ["READ"] }]] },
  { endpoint: "authorizations", name: "an unknown permission", method: "POST", path: AUTHZ, ...json([{ aclKey: ["{es}"], permissions: ["SUPERUSER"] }]), ...E400, client: ["authorizations", "getAuthorizations", [{ aclKey: ["{es}"], permissions: ["SUPERUSER"] }]] },
  { endpoint: "authorizations", name: "checks as text/plain", method: "POST", path: AUTHZ, ...text("[]"), ...E415 },
  { endpoint: "authorizations", name: "checks 10,000 arrays deep", method: "POST", path: AUTHZ, ...json(DEEP_ARRAY), ...E400, message: TOO_DEEP },
  { endpoint: "authorizations", name: "an explanation of an unknown object", method: "POST", path: EXPLAIN, ...json(["{missing}"]), ...E401, message: "Object [{missing}] is not accessible." },
  { endpoint: "authorizations", name: "an explanation of the organization asked by a member", method: "POST", path: EXPLAIN, as: "member", ...json(["{org}"]), ...E401, message: "Object [{org}] is not accessible." },
  { endpoint: "authorizations", name: "an explanation of an empty acl key", method: "POST", path: EXPLAIN, ...json([]), ...E400, client: ["permissions", "getAclExplanation", []] },
  { endpoint: "authorizations", name: "an explanation without a token", method: "POST", path: EXPLAIN, as: "none", ...json(["{org}"]), status: 401, type: "unauthorized" },
  { endpoint: "permissions", name: "a REQUEST (the real server's BadRequestException)", method: "PATCH", path: "/datastore/permissions", ...json(acl({ action: "REQUEST" })), status: 500, type: "otherError", message: "BadRequestException: Invalid action specified: REQUEST", client: ["permissions", "updateAcl", acl({ action: "REQUEST" })] },
  { endpoint: "permissions", name: "an unknown action", method: "PATCH", path: "/datastore/permissions", ...json(acl({ action: "DROP" })), ...E400, client: ["permissions", "updateAcl", acl({ action: "DROP" })] },
  { endpoint: "permissions", name: "an empty acl key", method: "PATCH", path: "/datastore/permissions", ...json(acl({}, { aclKey: [] })), ...E400, client: ["permissions", "updateAcl", acl({}, { aclKey: [] })] },
  { endpoint: "permissions", name: "SQL as the acl key", method: "PATCH", path: "/datastore/permissions", ...json(acl({}, { aclKey: ["'; DROP TABLE aces; --"] })), ...E400, client: ["permissions", "updateAcl", acl({}, { aclKey: ["'; DROP TABLE aces; --"] })] },
  { endpoint: "permissions", name: "an unknown principal type in an ace", method: "PATCH", path: "/datastore/permissions", ...json(acl({}, { aces: [{ ...ace, principal: { type: "ROOT", id: "x" } }] })), ...E400, client: ["permissions", "updateAcl", acl({}, { aces: [{ ...ace, principal: { type: "ROOT", id: "x" } }] })] },
  { endpoint: "permissions", name: "an unknown permission", method: "PATCH", path: "/datastore/permissions", ...json(acl({}, { aces: [{ ...ace, permissions: ["SUPERUSER"] }] })), ...E400, client: ["permissions", "updateAcl", acl({}, { aces: [{ ...ace, permissions: ["SUPERUSER"] }] })] },
  { endpoint: "permissions", name: "a grant on the sample organization from a member", method: "PATCH", path: "/datastore/permissions", as: "member", ...json(acl({}, { aclKey: ["{sample}"] })), ...E401 },
  { endpoint: "permissions", name: "changes not in an array", method: "PATCH", path: "/datastore/permissions/update", ...json(acl({})), ...E400, client: ["permissions", "updateAcls", acl({})] },
  { endpoint: "permissions", name: "an empty acl key to read", method: "POST", path: "/datastore/permissions", ...json([]), ...E400, client: ["permissions", "getAcl", []] },
  { endpoint: "permissions", name: "a malformed acl key among several", method: "POST", path: "/datastore/permissions/bulk", ...json([["{es}"], ["x"]]), ...E400, client: ["permissions", "getAcls", [["{es}"], ["x"]]] },
  { endpoint: "permissions", name: "an acl key 10,000 arrays deep", method: "POST", path: "/datastore/permissions", ...json(DEEP_ARRAY), ...E400, message: TOO_DEEP },
  { endpoint: "permissions", name: "an acl key as text/plain", method: "POST", path: "/datastore/permissions", ...text('["{es}"]'), ...E415 },
  // ── entity sets ──
  { endpoint: "entity-sets", name: "an encoded path traversal as a name", method: "GET", path: `${ES}/ids/..%2F..%2Forganizations`, ...E404, message: "Entity Set ../../organizations does not exists." },
  { endpoint: "entity-sets", name: "SQL as a name", method: "GET", path: `${ES}/ids/${enc("demo_people' OR '1'='1")}`, ...E404 },
  { endpoint: "entity-sets", name: "an 8,000-character name", method: "GET", path: `${ES}/ids/${"n".repeat(8000)}`, ...E404 },
  { endpoint: "entity-sets", name: "a NUL in a name", method: "GET", path: `${ES}/ids/demo%00people`, ...E400, message: "NUL" },
  { endpoint: "entity-sets", name: "names not in an array", method: "POST", path: `${ES}/ids`, ...json('"demo_people"'), ...E400, client: ["entitySets", "getEntitySetIds", "demo_people"] },
  { endpoint: "entity-sets", name: "null among names", method: "POST", path: `${ES}/by-name`, ...json([null]), ...E400, client: ["entitySets", "getEntitySetsByName", [null]] },
  { endpoint: "entity-sets", name: "a malformed id among ids", method: "POST", path: `${ES}/by-id`, ...json(["{es}", "not-a-uuid"]), ...E400, client: ["entitySets", "getEntitySetsById", ["{es}", "not-a-uuid"]] },
  { endpoint: "entity-sets", name: "a malformed entity set id", method: "GET", path: `${ES}/all/not-a-uuid`, ...E400, client: ["entitySets", "getEntitySet", "not-a-uuid"] },
  { endpoint: "entity-sets", name: "the properties of an unknown entity set (its acl check fails)", method: "GET", path: `${ES}/all/{missing}/properties`, ...E401, message: "Object [{missing}] is not accessible." },
  { endpoint: "entity-sets", name: "an entity set the outsider may not see", method: "GET", path: `${ES}/all/{es}`, as: "outsider", ...E401, message: "Object [{es}] is not accessible." },
  // ── data ──
  { endpoint: "data", name: "no setId", method: "POST", path: "/datastore/data/set/", ...json([]), ...E400, message: "Invalid UUID string" },
  { endpoint: "data", name: "SQL as the setId", method: "POST", path: `/datastore/data/set/?setId=${enc("x' OR 1=1")}`, ...json([]), ...E400, client: ["data", "createEntities", "x' OR 1=1", []] },
  { endpoint: "data", name: "entities not in an array", method: "POST", path: DATA, ...json({ "{pt}": ["x"] }), ...E400, client: ["data", "createEntities", "{es}", { "{pt}": ["x"] }] },
  { endpoint: "data", name: "a property key that is not a UUID", method: "POST", path: DATA, ...json([{ "name'; --": ["x"] }]), ...E400, client: ["data", "createEntities", "{es}", [{ "name'; --": ["x"] }]] },
  { endpoint: "data", name: "values not in an array", method: "POST", path: DATA, ...json([{ "{pt}": "x" }]), ...E400, client: ["data", "createEntities", "{es}", [{ "{pt}": "x" }]] },
  { endpoint: "data", name: "a value 10,000 objects deep", method: "POST", path: DATA, ...json(`[{"{pt}":[${deepObject("1")}]}]`), ...E400, message: TOO_DEEP },
  { endpoint: "data", name: "a value 990 objects deep for a String property", method: "POST", path: DATA, ...json(`[{"{pt}":[${deepObject("1", 990)}]}]`), ...E400, message: "nc.PersonGivenName is String, got {" },
  { endpoint: "data", name: "an unknown property (no WRITE on it)", method: "POST", path: DATA, ...json([{ "{missing}": ["x"] }]), ...E401, message: "[{es}, {missing}]" },
  { endpoint: "data", name: "entities from the outsider", method: "POST", path: DATA, as: "outsider", ...json([]), ...E401 },
  { endpoint: "data", name: "entities of an unknown entity set", method: "POST", path: "/datastore/data/set/?setId={missing}", ...json([]), ...E404 },
  { endpoint: "data", name: "entities as text/plain", method: "POST", path: DATA, ...text("[]"), ...E415 },
  // ── edm ──
  { endpoint: "edm", name: "a property type from a non-admin", method: "POST", path: PT, ...json(propertyType({})), ...E401, message: "Only admins" },
  { endpoint: "edm", name: "an unknown datatype", method: "POST", path: PT, as: "admin", ...json(propertyType({ datatype: "Blob'; --" })), ...E400, client: ["edm", "createPropertyType", propertyType({ datatype: "Blob'; --" })] },
  { endpoint: "edm", name: "a blank property type title", method: "POST", path: PT, as: "admin", ...json(propertyType({ title: " " })), ...E400, client: ["edm", "createPropertyType", propertyType({ title: " " })] },
  { endpoint: "edm", name: "an empty namespace", method: "POST", path: PT, as: "admin", ...json(propertyType({ type: { namespace: "", name: "x" } })), ...E400, client: ["edm", "createPropertyType", propertyType({ type: { namespace: "", name: "x" } })] },
  { endpoint: "edm", name: "a property type with a NUL in its name", method: "POST", path: PT, as: "admin", ...json(propertyType({ type: { namespace: "corpus", name: "a\u0000b" } })), ...E400, message: "NUL" },
  { endpoint: "edm", name: "a malformed property type id", method: "GET", path: `${PT}/${enc("' OR ''='")}`, ...E400, client: ["edm", "getPropertyType", "' OR ''='"] },
  { endpoint: "edm", name: "an unknown property type", method: "GET", path: `${PT}/{missing}`, ...E404 },
  { endpoint: "edm", name: "SQL in a property type's namespace", method: "GET", path: `/datastore/edm/ids/property/type/${enc("nc'; DROP TABLE property_types; --")}/x`, ...E404 },
  { endpoint: "edm", name: "a blank namespace", method: "GET", path: "/datastore/edm/ids/property/type/%20/PersonGivenName", ...E404, client: ["edm", "getPropertyTypeId", " ", "PersonGivenName"] },
  { endpoint: "edm", name: "a path traversal as an entity type id", method: "GET", path: "/datastore/edm/entity/type/..%2F..", ...E400, client: ["edm", "getEntityType", "../.."] },
  { endpoint: "edm", name: "a malformed property type id to add", method: "PUT", path: "/datastore/edm/entity/type/{et}/not-a-uuid", ...E400, client: ["edm", "addPropertyTypeToEntityType", "{et}", "not-a-uuid"] },
  { endpoint: "edm", name: "adding a property type as the outsider", method: "PUT", path: "/datastore/edm/entity/type/{et}/{pt}", as: "outsider", ...E401, message: "Only admins" },
  { endpoint: "edm", name: "adding to an unknown entity type", method: "PUT", path: "/datastore/edm/entity/type/{missing}/{pt}", ...E404 },
  // ── assembly ──
  { endpoint: "assembly", name: "the entity sets of a malformed id", method: "GET", path: `${O}%27--/entity-sets`, ...E400, client: ["organizations", "getOrganizationEntitySets", "{org}'--"] },
  { endpoint: "assembly", name: "an unknown flag", method: "POST", path: `${O}/entity-sets`, ...json(["NOPE"]), ...E400, client: ["organizations", "getFlaggedOrganizationEntitySets", "{org}", ["NOPE"]] },
  { endpoint: "assembly", name: "flags not in an array", method: "POST", path: `${O}/entity-sets`, ...json('"MATERIALIZED"'), ...E400 },
  { endpoint: "assembly", name: "a malformed entity set id to assemble", method: "POST", path: `${O}/entity-sets/assemble`, ...json({ "not-a-uuid": 5 }), ...E400, client: ["organizations", "assembleEntitySets", "{org}", { "not-a-uuid": 5 }] },
  { endpoint: "assembly", name: "a refresh rate of 0", method: "POST", path: `${O}/entity-sets/assemble`, ...json({ "{es}": 0 }), ...E400, message: "Minimum refresh rate is 1 minute.", client: ["organizations", "assembleEntitySets", "{org}", { "{es}": 0 }] },
  { endpoint: "assembly", name: "an infinite refresh rate", method: "POST", path: `${O}/entity-sets/assemble`, ...json('{"{es}": 1e309}'), ...E400, client: ["organizations", "assembleEntitySets", "{org}", { "{es}": Infinity }] },
  { endpoint: "assembly", name: "a refresh rate as a string", method: "POST", path: `${O}/entity-sets/assemble`, ...json({ "{es}": "5" }), ...E400, client: ["organizations", "assembleEntitySets", "{org}", { "{es}": "5" }] },
  { endpoint: "assembly", name: "assembling as a member", method: "POST", path: `${O}/entity-sets/assemble`, as: "member", ...json({ "{es}": null }), ...E401 },
  { endpoint: "assembly", name: "refreshing an entity set not materialized", method: "POST", path: `${O}/{es}/refresh`, ...E500, message: "Entity set {es} is not materialized for organization {org}" },
  { endpoint: "assembly", name: "refreshing a malformed entity set id", method: "POST", path: `${O}/not-a-uuid/refresh`, ...E400, client: ["organizations", "refreshDataChanges", "{org}", "not-a-uuid"] },
  { endpoint: "assembly", name: "synchronizing an entity set not materialized", method: "POST", path: `${ORGS}/{sample}/{es}/synchronize`, ...E500, message: "Entity set {es} is not materialized for organization {sample}" },
  { endpoint: "assembly", name: "synchronizing an entity set the organization may not materialize", method: "POST", path: `${O}/{es}/synchronize`, ...E401, message: "is not accessible by organization principal" },
  { endpoint: "assembly", name: "synchronizing a path traversal", method: "POST", path: `${O}/..%2F..%2F{es}/synchronize`, ...E400, client: ["organizations", "synchronizeEdmChanges", "{org}", "../../{es}"] },
  { endpoint: "assembly", name: "a negative refresh rate", method: "PUT", path: `${O}/{es}/refresh-rate`, ...json("-5"), ...E400, message: "Minimum refresh rate is 1 minute." },
  { endpoint: "assembly", name: "a fractional refresh rate", method: "PUT", path: `${O}/{es}/refresh-rate`, ...json("2.5"), ...E400 },
  { endpoint: "assembly", name: "a refresh rate as text/plain", method: "PUT", path: `${O}/{es}/refresh-rate`, ...text("5"), ...E415 },
  { endpoint: "assembly", name: "clearing the refresh rate of a malformed id", method: "DELETE", path: `${O}/%27%3B--/refresh-rate`, ...E400 },
  // ── organization database ──
  { endpoint: "organization-database", name: "tables of a malformed organization id", method: "GET", path: `${DB}/not-a-uuid/${TABLES}`, ...E400, message: "Invalid UUID string: not-a-uuid", client: ["datasets", "getOrganizationDataSets", "not-a-uuid"] },
  { endpoint: "organization-database", name: "tables of an unknown organization", method: "GET", path: `${DB}/{missing}/${TABLES}/external-database-column`, ...E500, message: "Organization [{missing}] does not exist." },
  { endpoint: "organization-database", name: "tables asked by an outsider", method: "GET", path: `${DB}/{org}/${TABLES}/external-database-column`, as: "outsider", ...E401 },
  { endpoint: "organization-database", name: "a malformed table id", method: "GET", path: `${DB}/{org}/x'--/${TABLES}/external-database-column`, ...E400, message: "Invalid UUID string: x'--", client: ["datasets", "getOrganizationDataSet", "{org}", "x'--"] },
  { endpoint: "organization-database", name: "an unknown table", method: "GET", path: `${DB}/{org}/{missing}/${TABLES}/external-database-column`, ...E401, message: "Object [{missing}] is not accessible." },
  { endpoint: "organization-database", name: "a preview of an unknown table", method: "GET", path: `${DB}/{org}/{missing}/10/data`, ...E401, message: "Object [{missing}] is not accessible." },
  { endpoint: "organization-database", name: "a preview of no rows", method: "GET", path: `${DB}/{org}/{missing}/0/data`, ...E400, message: "rowCount must be a whole number from 1 to 1000: 0", client: ["datasets", "getOrganizationDataSetData", "{org}", "{missing}", 0] },
  { endpoint: "organization-database", name: "a negative row count", method: "GET", path: `${DB}/{org}/{missing}/-5/data`, ...E400, message: "rowCount must be", client: ["datasets", "getOrganizationDataSetData", "{org}", "{missing}", -5] },
  { endpoint: "organization-database", name: "a fractional row count", method: "GET", path: `${DB}/{org}/{missing}/2.5/data`, ...E400, message: "rowCount must be", client: ["datasets", "getOrganizationDataSetData", "{org}", "{missing}", 2.5] },
  { endpoint: "organization-database", name: "a row count in words", method: "GET", path: `${DB}/{org}/{missing}/ten/data`, ...E400, message: "rowCount must be", client: ["datasets", "getOrganizationDataSetData", "{org}", "{missing}", "ten"] },
  { endpoint: "organization-database", name: "a row count over the bound", method: "GET", path: `${DB}/{org}/{missing}/1001/data`, ...E400, message: "rowCount must be a whole number from 1 to 1000: 1001" },
  { endpoint: "organization-database", name: "a row count beyond any integer", method: "GET", path: `${DB}/{org}/{missing}/99999999999999999999/data`, ...E400, message: "rowCount must be" },
  { endpoint: "organization-database", name: "a POST to the table listing", method: "POST", path: `${DB}/{org}/${TABLES}`, ...json([]), ...E405 },
  { endpoint: "organization-database", name: "a DELETE of a preview", method: "DELETE", path: `${DB}/{org}/{missing}/10/data`, ...E405 },
  // ── the router: unknown paths and methods, raw traversal ──
  { endpoint: "router", name: "a bearer header with two tokens", method: "GET", path: ORGS, as: "none", headers: { Authorization: "Bearer abc def" }, status: 401, type: "unauthorized", message: "Bearer token is malformed" },
  { endpoint: "router", name: "a bearer header with a quoted token", method: "GET", path: ORGS, as: "none", headers: { Authorization: 'Bearer "abc"' }, status: 401, type: "unauthorized", message: "Bearer token is malformed" },
  { endpoint: "router", name: "a Basic authorization header", method: "GET", path: ORGS, as: "none", headers: { Authorization: "Basic YTpi" }, status: 401, type: "unauthorized", message: "Full authentication is required" },
  { endpoint: "router", name: "an unknown endpoint", method: "GET", path: "/datastore/nope", ...E404, message: "No endpoint GET /datastore/nope." },
  { endpoint: "router", name: "a method the path does not take", method: "PATCH", path: ORGS, ...E405, message: "Request method 'PATCH' is not supported." },
  { endpoint: "router", name: "a path starting with two slashes (not a host)", method: "GET", path: "//datastore/datastore/organizations", ...E404, message: "No endpoint GET //datastore/datastore/organizations." },
  { endpoint: "router", name: "a raw path traversal out of the API", method: "GET", path: "/datastore/organizations/../../../etc/passwd", ...E404, message: "No endpoint GET /etc/passwd." },
  { endpoint: "router", name: "a token-less call with a malformed body", method: "POST", path: ORGS, as: "none", ...json("{nope"), status: 401, type: "unauthorized" },
];
