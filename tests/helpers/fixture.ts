import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import type { TestSandbox } from "./sandbox.js";

/**
 * The objects bad requests aim at: {org} (an organization of the owner's, with the member in it), {role} (a role
 * of it), {adminRole}, {sample}, {es} (demo_people), {pt} (one of its property types), {et} (its entity type),
 * {missing} (a UUID nothing has).
 */
export type Fixture = Record<"org" | "role" | "adminRole" | "sample" | "es" | "pt" | "et" | "missing", string>;

export async function makeFixture(sandbox: TestSandbox, name: string): Promise<Fixture> {
  const owner = sandbox.as("owner");
  const org = await owner.organizations.createOrganizationIfNotExists({
    title: name,
    principal: { type: "ORGANIZATION", id: name },
  });
  await owner.organizations.addMember(org, SEEDED_USERS.member.user_id);
  const role = await owner.organizations.createRole({
    organizationId: org,
    title: "Analyst",
    principal: { type: "ROLE", id: `${org}|Analyst` },
  });
  const es = await owner.entitySets.getEntitySetId("demo_people");
  return {
    org,
    role,
    adminRole: (await owner.organizations.getOrganization(org)).adminRoleAclKey[1]!,
    sample: SAMPLE_ORGANIZATION.id,
    es,
    pt: await owner.edm.getPropertyTypeId("nc", "PersonGivenName"),
    et: (await owner.entitySets.getEntitySet(es)).entityTypeId,
    missing: "00000000-0000-4000-8000-000000000bad",
  };
}

/** `text` with each `{placeholder}` of the fixture filled in; `{^placeholder}` in capitals. */
export const fillFixture = (fx: Fixture, text: string) =>
  text.replace(/\{(\^?)(org|role|adminRole|sample|es|pt|et|missing)\}/g, (_, upper: string, key: keyof Fixture) =>
    upper ? fx[key].toUpperCase() : fx[key],
  );
