import type { Permission } from "../../lib/schemas/index.js";

/** Organization documents for the access map's tests and benchmark, the shape `exportOrganization` writes. */

/**
 * The organization document as `exportOrganization` writes it, as interfaces (not a literal's inferred type), so
 * that passing one to `accessMap` checks that its structural input type accepts the real document's.
 */
export interface ExportedDocument {
  version: 1;
  organization: { id?: string; title?: string; description?: string; emailDomains?: string[] };
  roles: Section<{
    title: string;
    id?: string;
    description: string;
    grants: Array<{ grantType: string; mappings: string[]; attribute: string }>;
  }>;
  members: Section<{ email: string; userId?: string; name?: string; roles: string[] }>;
  entitySets: Array<{ name: string; id?: string; refreshRate?: number | null }>;
  permissions: Section<{
    entitySet?: string;
    table?: string;
    role?: string;
    member?: string;
    permissions: Permission[];
  }>;
}

interface Section<T> {
  prune: boolean;
  items: T[];
}

const ROLE_TITLES = [
  "Analysts",
  "Readers",
  "Data stewards",
  "Auditors",
  "Engineers",
  "Field team",
  "Interns",
  "Administrators",
  "Partners",
  "Archivists",
];

/**
 * A document with `members` members and `roles` roles: member i holds role j when (i + j) % (j + 2) == 0 or j == 0
 * for every third member, so roles differ in size; every role reaches one of three entity sets or a table, and
 * one member has permissions of her own.
 */
export function sampleDocument(members: number, roles: number): ExportedDocument {
  const titles = ROLE_TITLES.slice(0, roles).concat(
    Array.from({ length: Math.max(0, roles - ROLE_TITLES.length) }, (_, i) => `Role ${i + 11}`),
  );
  return {
    version: 1,
    organization: {
      id: "9a9b8a1e-1d2f-4a5b-8c7d-000000000001",
      title: "Sample organization",
      description: "",
      emailDomains: ["example.org"],
    },
    roles: {
      prune: false,
      items: titles.map((title, i) => ({
        title,
        id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        description: "",
        grants: [],
      })),
    },
    members: {
      prune: false,
      items: Array.from({ length: members }, (_, i) => ({
        email: `user${String(i).padStart(3, "0")}@example.org`,
        userId: `auth0|user${i}`,
        ...(i % 4 === 0 ? {} : { name: `User ${String(i).padStart(3, "0")}` }),
        roles: titles.filter((_, j) => (j === 0 && i % 3 === 0) || (i + j) % (j + 2) === 0),
      })),
    },
    entitySets: [
      { name: "tutorial_people", id: "00000000-0000-4000-9000-000000000001", refreshRate: 60 },
      { name: "tutorial_visits", id: "00000000-0000-4000-9000-000000000002", refreshRate: null },
      { name: "tutorial_places", id: "00000000-0000-4000-9000-000000000003" },
    ],
    permissions: {
      prune: false,
      items: [
        ...titles.map((title, j) => ({
          ...(j % 4 === 3
            ? { table: "visits" }
            : { entitySet: ["tutorial_people", "tutorial_visits", "tutorial_places"][j % 3]! }),
          role: title,
          permissions: (j === 0
            ? ["READ", "WRITE"]
            : j % 5 === 2
              ? ["OWNER", "READ", "WRITE"]
              : ["READ"]) as Permission[],
        })),
        ...(members > 1
          ? [{ table: "visits", member: "user001@example.org", permissions: ["READ", "WRITE"] as Permission[] }]
          : []),
      ],
    },
  };
}
