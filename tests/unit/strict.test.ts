import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NewOrganization, Organization, OrganizationMember, Uuid } from "../../lib/schemas/index.js";
import { toStrict } from "../../lib/schemas/strict.js";
import { ORG, member, organization, role } from "./display-fixtures.js";

/** The paths and codes of the issues of a failed strict parse. */
function issues(schema: Parameters<typeof toStrict>[0], value: unknown): string[] {
  const parsed = toStrict(schema).safeParse(value);
  assert.ok(!parsed.success, "the strict schema accepted it");
  return parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.code}`);
}

describe("toStrict", () => {
  it("rejects an unknown key at any depth: objects, arrays, records, discriminated unions, optionals", () => {
    const grant = { grantType: "Manual", mappings: [], attribute: "" };
    const org = { ...organization(), grants: { [ORG]: { Manual: { ...grant, later: 1 } } } };
    assert.equal(Organization.safeParse(org).success, true);
    assert.deepEqual(issues(Organization, org), [`grants.${ORG}.Manual unrecognized_keys`]);

    const withRole = { ...member(), roles: [{ ...role(), later: 1 }] };
    assert.equal(OrganizationMember.safeParse(withRole).success, true);
    assert.deepEqual(issues(OrganizationMember, withRole), ["roles.0 unrecognized_keys"]);

    const profile = { ...member(), profile: { ...member().profile, app_metadata: { roles: [], later: 1 } } };
    assert.deepEqual(issues(OrganizationMember, profile), ["profile.app_metadata unrecognized_keys"]);
    assert.equal(
      toStrict(OrganizationMember).safeParse({
        ...member(),
        profile: { ...member().profile, user_metadata: { any: 1 } },
      }).success,
      true,
    );
  });

  it("keeps the schema's checks, refinements and defaults", () => {
    assert.deepEqual(issues(Organization, { ...organization(), adminRoleAclKey: [] }), ["adminRoleAclKey too_small"]);
    assert.deepEqual(issues(Organization, { ...organization(), id: "not-a-uuid" }), ["id invalid_format"]);
    const principal = { type: "USER", id: "x" };
    assert.deepEqual(issues(NewOrganization, { title: "T", principal }), ["principal custom"]);
    const parsed = toStrict(NewOrganization).parse({ title: " T ", principal: { type: "ORGANIZATION", id: "x" } });
    assert.deepEqual(parsed, {
      title: "T",
      principal: { type: "ORGANIZATION", id: "x" },
      description: "",
      emailDomains: [],
      members: [],
      roles: [],
      apps: [],
      connections: [],
      grants: {},
    });
  });

  it("is made once per schema; a schema without objects is itself", () => {
    assert.equal(toStrict(Organization), toStrict(Organization));
    assert.equal(toStrict(Uuid), Uuid);
  });
});
