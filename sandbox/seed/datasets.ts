import type { Datatype } from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { grant, PERMISSIONS } from "../services/acl.js";
import { insertPropertyType } from "../services/edm.js";
import type { Platform } from "../services/organizations.js";
import { callerFor } from "../services/users.js";
import { DEMO_DATA_ORGANIZATION, ensureSeededOrganization, SAMPLE_ORGANIZATION } from "./organizations.js";
import { SEEDED_USERS } from "./users.js";

type Property = [namespace: string, name: string, title: string, datatype: Datatype];

/** Demo datasets: the sample organization may materialize `demo_people`, not `demo_incidents`. */
export const DATASETS = {
  people: {
    entitySetId: "5f2a1e7c-8b1d-4c3e-9a47-0d3c2b1a9e01",
    entityTypeId: "5f2a1e7c-8b1d-4c3e-9a47-0d3c2b1a9e02",
    name: "demo_people",
    title: "Demo people",
    type: ["general", "person"],
    typeTitle: "Person",
    count: 3000,
    properties: [
      ["nc", "SubjectIdentification", "Person ID", "String"],
      ["nc", "PersonGivenName", "Given name", "String"],
      ["nc", "PersonSurName", "Surname", "String"],
      ["nc", "PersonBirthDate", "Birth date", "Date"],
      ["nc", "PersonSex", "Sex", "String"],
      ["ol", "household_size", "Household size", "Int32"],
    ] as Property[],
  },
  incidents: {
    entitySetId: "5f2a1e7c-8b1d-4c3e-9a47-0d3c2b1a9e11",
    entityTypeId: "5f2a1e7c-8b1d-4c3e-9a47-0d3c2b1a9e12",
    name: "demo_incidents",
    title: "Demo incidents",
    type: ["ol", "incident"],
    typeTitle: "Incident",
    count: 5000,
    properties: [
      ["criminaljustice", "incidentid", "Incident ID", "String"],
      ["ol", "datetime_reported", "Reported at", "DateTimeOffset"],
      ["ol", "description", "Description", "String"],
      ["location", "address", "Address", "String"],
      ["ol", "priority", "Priority", "Int32"],
    ] as Property[],
  },
};

/** Property types in the data model that no entity type uses yet: for showing a data-model change. */
export const SPARE_PROPERTY_TYPES: Property[] = [
  ["nc", "PersonMiddleName", "Middle name", "String"],
  ["ol", "status", "Status", "String"],
];

/** A small deterministic random source (mulberry32), so every sandbox holds the same demo data. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = [
  "Ava",
  "Ben",
  "Chloe",
  "Diego",
  "Elena",
  "Farah",
  "Gus",
  "Hana",
  "Ivan",
  "Jada",
  "Kofi",
  "Lena",
  "Mateo",
  "Nia",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sami",
  "Tariq",
  "Uma",
  "Vera",
  "Wen",
  "Yusuf",
  "Zoe",
];
const SURNAMES = [
  "Adams",
  "Brown",
  "Chen",
  "Diaz",
  "Evans",
  "Garcia",
  "Haddad",
  "Ito",
  "Jensen",
  "Khan",
  "Lopez",
  "Moreau",
  "Nguyen",
  "Okafor",
  "Patel",
  "Quispe",
  "Rossi",
  "Smith",
  "Tanaka",
  "Usman",
  "Vega",
  "Walsh",
  "Young",
  "Zhang",
];
const STREETS = ["Main St", "Oak Ave", "Pine Rd", "Cedar Ln", "Maple Dr", "Elm St", "Lake Blvd", "Hill Rd"];
const WHAT = [
  "Noise complaint",
  "Traffic collision",
  "Theft from vehicle",
  "Welfare check",
  "Shoplifting",
  "Vandalism",
  "Lost property",
  "Suspicious person",
];

function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89ab"[Math.floor(next() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const pick = <T>(next: () => number, list: readonly T[]) => list[Math.floor(next() * list.length)]!;
const pad = (n: number, width: number) => String(n).padStart(width, "0");

function person(next: () => number, i: number): unknown[] {
  const year = 1940 + Math.floor(next() * 65);
  return [
    `P-${pad(i + 1, 6)}`,
    pick(next, GIVEN),
    pick(next, SURNAMES),
    `${year}-${pad(1 + Math.floor(next() * 12), 2)}-${pad(1 + Math.floor(next() * 28), 2)}`,
    pick(next, ["F", "M", "X"]),
    1 + Math.floor(next() * 6),
  ];
}

function incident(next: () => number, i: number): unknown[] {
  const reported = new Date(Date.UTC(2020, 0, 1) + Math.floor(next() * 5 * 365 * 24 * 3600) * 1000).toISOString();
  return [
    `I-${pad(i + 1, 6)}`,
    reported,
    pick(next, WHAT),
    `${1 + Math.floor(next() * 9999)} ${pick(next, STREETS)}`,
    1 + Math.floor(next() * 5),
  ];
}

/** Stores `count` generated entities of a dataset in one statement. */
async function insertEntities(
  db: Queryable,
  entitySetId: string,
  propertyIds: string[],
  rows: unknown[][],
  next: () => number,
) {
  const ids = rows.map(() => uuidFrom(next));
  const properties = rows.map((values) =>
    JSON.stringify(Object.fromEntries(propertyIds.map((p, i) => [p, [values[i]]]))),
  );
  await db.query(
    "INSERT INTO entities (entity_set_id, id, properties) SELECT $1, unnest($2::uuid[]), unnest($3::jsonb[])",
    [entitySetId, ids, properties],
  );
}

/**
 * Seeds the demo data organization (owned by `owner`), the data model, the two demo datasets with their
 * entities, and the sample organization's permissions: DISCOVER on both, MATERIALIZE on people only.
 */
export async function seedDatasets(platform: Platform): Promise<void> {
  const db = platform.db.pool;
  const owner = (await callerFor(db, SEEDED_USERS.owner.user_id))!;
  await ensureSeededOrganization(platform, { ...DEMO_DATA_ORGANIZATION });
  if ((await db.query("SELECT 1 FROM entity_sets WHERE id = $1", [DATASETS.people.entitySetId])).rowCount) return;
  const next = random(20200101);
  await platform.db.transaction(async (tx) => {
    for (const [namespace, name, title, datatype] of SPARE_PROPERTY_TYPES) {
      await insertPropertyType(tx, { namespace, name, title, description: "", datatype, multi_valued: false });
    }
    for (const dataset of Object.values(DATASETS)) {
      const propertyIds: string[] = [];
      for (const [namespace, name, title, datatype] of dataset.properties) {
        propertyIds.push(
          await insertPropertyType(tx, { namespace, name, title, description: "", datatype, multi_valued: false }),
        );
      }
      await tx.query(
        "INSERT INTO entity_types (id, namespace, name, title, key, properties) VALUES ($1, $2, $3, $4, $5, $6)",
        [dataset.entityTypeId, dataset.type[0], dataset.type[1], dataset.typeTitle, [propertyIds[0]], propertyIds],
      );
      await tx.query(
        `INSERT INTO entity_sets (id, name, title, description, contacts, entity_type_id, organization_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          dataset.entitySetId,
          dataset.name,
          dataset.title,
          `Generated ${dataset.type[1]} records (${dataset.count} when seeded).`,
          [SEEDED_USERS.owner.email],
          dataset.entityTypeId,
          DEMO_DATA_ORGANIZATION.id,
        ],
      );
      const make = dataset === DATASETS.people ? person : incident;
      await insertEntities(
        tx,
        dataset.entitySetId,
        propertyIds,
        Array.from({ length: dataset.count }, (_, i) => make(next, i)),
        next,
      );
      for (const key of [[dataset.entitySetId], ...propertyIds.map((p) => [dataset.entitySetId, p])]) {
        await grant(tx, key, owner.principalId, PERMISSIONS);
        await grant(
          tx,
          key,
          SAMPLE_ORGANIZATION.id,
          dataset === DATASETS.people ? ["DISCOVER", "MATERIALIZE"] : ["DISCOVER"],
        );
      }
    }
  });
}
