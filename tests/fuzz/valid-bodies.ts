// A valid body for each route that reads one, keyed `METHOD path` as the route table declares it; the fuzzer
// mutates these. Placeholders are the fixture's (tests/helpers/fixture.ts). A route missing here gets random bodies only.

export interface ValidBody {
  contentType: string;
  body: string;
}

const json = (value: unknown): ValidBody => ({ contentType: "application/json", body: JSON.stringify(value) });
const text = (body: string): ValidBody => ({ contentType: "text/plain", body });

const O = "/datastore/organizations/{id}";
const principal = (type: string, id: string) => ({ type, id });
const outsider = principal("USER", "auth0|5e39a1c7d2f84a0012b3c404");
const aclData = { action: "ADD", acl: { aclKey: ["{es}"], aces: [{ principal: outsider, permissions: ["READ"] }] } };

export const VALID_BODIES: Record<string, ValidBody> = {
  "POST /datastore/organizations": json({ title: "Fuzzed", principal: principal("ORGANIZATION", "Fuzzed") }),
  [`PUT ${O}/title`]: text("A title"),
  [`PUT ${O}/description`]: text("A description"),
  [`PATCH ${O}/database`]: text("org_fuzzed_db"),
  [`PUT ${O}/email-domains`]: json(["example.org"]),
  [`POST ${O}/email-domains`]: json(["example.com"]),
  [`DELETE ${O}/email-domains`]: json(["example.com"]),
  "POST /datastore/organizations/roles": json({
    "@class": "com.openlattice.organization.roles.Role",
    organizationId: "{org}",
    principal: principal("ROLE", "{org}|Fuzzed"),
    title: "Fuzzed",
  }),
  [`PUT ${O}/principals/roles/{roleId}/title`]: text("A role title"),
  [`PUT ${O}/principals/roles/{roleId}/description`]: text("A role description"),
  [`PUT ${O}/principals/roles/{roleId}/grant`]: json({
    grantType: "EmailDomain",
    mappings: ["example.org"],
    attribute: "",
  }),
  [`POST ${O}/entity-sets`]: json(["INTERNAL", "MATERIALIZED"]),
  [`POST ${O}/entity-sets/assemble`]: json({ "{es}": 5 }),
  [`PUT ${O}/{setId}/refresh-rate`]: json(5),
  "POST /datastore/principals": json(principal("ORGANIZATION", "OpenLatticeSampleOrg")),
  "POST /datastore/principals/users": json(["auth0|5e39a1c7d2f84a0012b3c402"]),
  "POST /datastore/principals/users/search": json({ name: "Sam" }),
  "PATCH /datastore/permissions": json(aclData),
  "PATCH /datastore/permissions/update": json([aclData]),
  "POST /datastore/permissions": json(["{es}"]),
  "POST /datastore/permissions/bulk": json([["{es}"], ["{org}", "{role}"]]),
  "POST /datastore/authorizations": json([{ aclKey: ["{es}"], permissions: ["READ", "OWNER"] }]),
  "POST /datastore/permissions/explain": json(["{es}"]),
  "POST /datastore/entity-sets/ids": json(["demo_people"]),
  "POST /datastore/entity-sets/by-name": json(["demo_people", "demo_incidents"]),
  "POST /datastore/entity-sets/by-id": json(["{es}"]),
  "POST /datastore/data/set": json([{ "{pt}": ["Fuzzed"] }]),
  "POST /datastore/edm/property/type": json({ type: { namespace: "fuzz", name: "p" }, title: "P", datatype: "String" }),
};
