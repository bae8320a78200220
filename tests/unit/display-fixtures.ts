import {
  PrincipalClass,
  type EntitySet,
  type Organization,
  type OrganizationMember,
  type Role,
} from "../../lib/schemas/index.js";

/** Values for the display tests; `text` goes into every string field a renderer may show. */
export const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
export const OTHER_ORG = "9d1f3c52-8a4e-4b7a-9c0e-3f6a2b1d7e44";
const ROLE_ID = "5e2762e6-bfac-44c9-808a-97fe75c80ded";
const USER_PRINCIPAL_ID = "0c7d5a0e-3f7b-4c55-9f2a-6a1b2c3d4e5f";

export function role(text = "Analyst", organizationId = ORG): Role {
  return {
    "@class": PrincipalClass.role,
    id: ROLE_ID,
    title: text,
    description: text,
    principal: { type: "ROLE", id: `${organizationId}|${text}` },
    aclKey: [organizationId, ROLE_ID],
    organizationId,
  };
}

export function organization(text = "Sample"): Organization {
  return {
    id: ORG,
    principal: { type: "ORGANIZATION", id: text },
    title: text,
    description: text,
    adminRoleAclKey: [ORG, ROLE_ID],
    emailDomains: [text],
    members: [{ type: "USER", id: "auth0|1" }],
    roles: [role(text)],
    apps: [],
    connections: [],
    grants: {},
  };
}

export function member(text = "Sam Patel"): OrganizationMember {
  const userId = `auth0|${text}`;
  return {
    principal: {
      "@class": PrincipalClass.user,
      id: USER_PRINCIPAL_ID,
      title: userId,
      description: "",
      principal: { type: "USER", id: userId },
      aclKey: [USER_PRINCIPAL_ID],
    },
    profile: { user_id: userId, name: text, email: `${text}@example.org` },
    roles: [role(`${text} here`), role(`${text} elsewhere`, OTHER_ORG)],
  };
}

export function entitySet(text = "demo_people"): EntitySet {
  return {
    id: "8a3f2c1e-5b4d-4e6f-9a8b-7c6d5e4f3a21",
    entityTypeId: "5f2a1e7c-8b1d-4c3e-9a47-0d3c2b1a9e02",
    name: text,
    title: text,
    description: text,
    contacts: [text],
    linkedEntitySets: [],
    organizationId: ORG,
    flags: [],
  };
}
