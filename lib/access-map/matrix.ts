import type { Permission } from "../schemas/permissions.js";
import { redact } from "../redaction.js";
import type { AccessModel, MapGrant } from "./input.js";

/** A grid to draw: row and column labels (distinct, cut at `MAX_LABEL`), and the filled cells. */
export interface Matrix {
  title: string;
  /** What the picture says when there are no rows: "No members", "No permissions". */
  empty: string;
  rows: string[];
  columns: string[];
  cells: Cell[];
}

/** A filled cell: `text` is "●" or permission letters ("RW"); `level` orders the colours. */
export interface Cell {
  row: string;
  column: string;
  text: string;
  level: Level;
}

/** The strongest permission in a cell, for its colour; "holds" in the members panel. */
export type Level = "holds" | "OWNER" | "WRITE" | "READ" | "other";

/** Both panels of an access map, with the title and the counts line above them. */
export interface AccessPicture {
  title: string;
  summary: string;
  /** Entity sets and tables × roles and members with permissions of their own: the permissions' letters. */
  reach: Matrix;
  /** Members × roles: who holds each role. */
  holders: Matrix;
}

/** The letter of each permission, in the order cells list them ("RW", "RWO"). */
export const LETTERS: ReadonlyArray<[Permission, string]> = [
  ["READ", "R"],
  ["WRITE", "W"],
  ["OWNER", "O"],
  ["LINK", "L"],
  ["MATERIALIZE", "M"],
  ["INTEGRATE", "I"],
  ["DISCOVER", "D"],
];
/** The letters explained, e.g. "R READ · W WRITE · …". */
export const LEGEND = LETTERS.map(([permission, letter]) => `${letter} ${permission}`).join(" · ");
const MAX_LABEL = 48;
const HOLDS = "●";

/**
 * The picture of a checked document. Roles are ordered by how many members hold them (most first), members grouped
 * by the set of roles they hold (in that order) and then by label, so equal rows sit together.
 */
export function accessPicture(
  model: AccessModel,
  title = ["Access map", model.title].filter(Boolean).join(" · "),
): AccessPicture {
  const holderCount = new Map(
    model.roles.map((role) => [role, model.members.filter((member) => member.roles.includes(role)).length]),
  );
  const roles = [...model.roles].sort((a, b) => holderCount.get(b)! - holderCount.get(a)!);
  const signature = new Map(
    model.members.map((member) => [member, roles.map((role) => (member.roles.includes(role) ? "0" : "1")).join("")]),
  );
  const members = [...model.members].sort(
    (a, b) => signature.get(a)!.localeCompare(signature.get(b)!) || a.label.localeCompare(b.label),
  );
  const memberLabels = distinct(members.map((member) => label(member.label)));
  const labelOf = new Map(members.map((member, i) => [member.email.toLowerCase(), memberLabels[i]!]));
  const distinctRoles = distinct(roles.map(label));
  const roleLabels = new Map(roles.map((role, i) => [role, distinctRoles[i]!]));

  const holders: Matrix = {
    title: "Who holds each role",
    empty: "No members",
    rows: memberLabels,
    columns: roles.map((role) => roleLabels.get(role)!),
    cells: members.flatMap((member, i) =>
      member.roles.map((role) => ({
        row: memberLabels[i]!,
        column: roleLabels.get(role)!,
        text: HOLDS,
        level: "holds" as const,
      })),
    ),
  };
  return {
    title: redact(title),
    summary: summary(model),
    reach: reachMatrix(
      model.grants,
      model.entitySets,
      roles.map((role) => [role, roleLabels.get(role)!]),
      labelOf,
    ),
    holders,
  };
}

/** Entity sets and tables (rows) × roles, then members with permissions of their own (columns). */
function reachMatrix(
  grants: MapGrant[],
  entitySets: string[],
  roles: Array<[string, string]>,
  memberLabels: Map<string, string>,
): Matrix {
  const key = (on: MapGrant["on"]) => `${on.kind}\n${on.name}`;
  const named = (kind: MapGrant["on"]["kind"]) => namedObjects(grants, kind).map((name) => key({ kind, name }));
  const objects = [
    ...new Set([
      ...entitySets.map((name) => key({ kind: "entitySet", name })),
      ...named("entitySet"),
      ...named("table"),
    ]),
  ];
  const rows = distinct(
    objects.map((object) => {
      const [kind, name] = object.split("\n") as [string, string];
      return kind === "table" ? `${label(name)} (table)` : label(name);
    }),
  );
  const roleLabel = new Map(roles);
  const holderLabel = (holder: MapGrant["holder"]) => {
    if (holder.kind === "role") return roleLabel.get(holder.name)!;
    const email = holder.name.toLowerCase();
    return `${memberLabels.get(email) ?? label(email)} (member)`;
  };
  const held = new Map<string, { row: string; column: string; permissions: Set<Permission> }>();
  for (const grant of grants) {
    const row = rows[objects.indexOf(key(grant.on))]!;
    const column = holderLabel(grant.holder);
    const cell = held.get(`${row}\n${column}`) ?? { row, column, permissions: new Set<Permission>() };
    grant.permissions.forEach((permission) => cell.permissions.add(permission));
    held.set(`${row}\n${column}`, cell);
  }
  const direct = grants.filter((grant) => grant.holder.kind === "member").map((grant) => holderLabel(grant.holder));
  return {
    title: "What each role and member may do",
    empty: "No permissions",
    rows: grants.length ? rows : [],
    columns: [...new Set([...roles.map(([, label]) => label), ...direct])],
    cells: [...held.values()].map(({ row, column, permissions }) => ({ row, column, ...letters(permissions) })),
  };
}

/** The names of the entity sets or tables that permissions are on, in order, repeats included. */
function namedObjects(grants: MapGrant[], kind: MapGrant["on"]["kind"]): string[] {
  return grants.filter((grant) => grant.on.kind === kind).map((grant) => grant.on.name);
}

function letters(permissions: Set<Permission>): { text: string; level: Level } {
  const level = (["OWNER", "WRITE", "READ"] as const).find((permission) => permissions.has(permission)) ?? "other";
  return {
    text: LETTERS.filter(([permission]) => permissions.has(permission))
      .map(([, letter]) => letter)
      .join(""),
    level,
  };
}

function summary(model: AccessModel): string {
  const entitySets = new Set([...model.entitySets, ...namedObjects(model.grants, "entitySet")]).size;
  const tables = new Set(namedObjects(model.grants, "table")).size;
  const count = (n: number, noun: string) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
  return [
    count(model.members.length, "member"),
    count(model.roles.length, "role"),
    count(entitySets, "entity set"),
    count(tables, "table"),
    count(model.grants.length, "permission"),
  ].join(" · ");
}

/** A name safe to show on one line, cut at `MAX_LABEL` characters. */
function label(name: string): string {
  const characters = [...redact(name.replace(/\s+/g, " "))];
  return characters.length > MAX_LABEL ? `${characters.slice(0, MAX_LABEL - 1).join("")}…` : characters.join("");
}

/** Labels with a repeated one numbered: "Alice", "Alice (2)". */
function distinct(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((text) => {
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    return n === 1 ? text : `${text} (${n})`;
  });
}
