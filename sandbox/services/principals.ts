import { randomUUID } from "node:crypto";
import {
  type Organization,
  PrincipalClass,
  type PrincipalType,
  type Role,
  type SecurablePrincipal,
} from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";

/** A row of the `principals` table. */
export interface PrincipalRow {
  id: string;
  type: PrincipalType;
  principal_id: string;
  title: string;
  description: string;
  organization_id: string | null;
  acl_key: string[];
}

/** A row of `organizations` joined with its principal. */
export interface OrganizationRow extends PrincipalRow {
  admin_role_id: string;
  email_domains: string[];
  apps: string[];
  connections: string[];
  grants: Organization["grants"];
  database_name: string;
  integration_user: string;
  integration_credential: string;
}

const CLASS_BY_TYPE = {
  USER: PrincipalClass.user,
  ORGANIZATION: PrincipalClass.organization,
  ROLE: PrincipalClass.role,
};

/** A principal row as the server serializes it, with `@class` (and `organizationId` for a role). */
export function toSecurablePrincipal(row: PrincipalRow): SecurablePrincipal {
  const common = {
    id: row.id,
    title: row.title,
    description: row.description,
    principal: { type: row.type, id: row.principal_id },
    aclKey: row.acl_key,
  };
  if (row.type === "ROLE") return { "@class": PrincipalClass.role, ...common, organizationId: row.organization_id! };
  return { "@class": CLASS_BY_TYPE[row.type as "USER" | "ORGANIZATION"], ...common } as SecurablePrincipal;
}

export const toRole = (row: PrincipalRow) => toSecurablePrincipal(row) as Role;

/** The advisory lock (control database) of the transactions that create organizations and roles. */
const CREATING_PRINCIPALS = 7_305_001;

/**
 * Serializes the transactions that check that a principal id (or id) is free and then take it: the later one sees
 * the earlier one's row and answers as for a taken name, instead of failing on the unique index.
 */
export async function lockPrincipalCreation(tx: Queryable): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [CREATING_PRINCIPALS]);
}

/** Inserts a securable principal; `aclKey` defaults to `[id]`. */
export async function insertPrincipal(
  db: Queryable,
  p: {
    id?: string;
    type: PrincipalType;
    principalId: string;
    title: string;
    description?: string;
    organizationId?: string;
    aclKey?: string[];
  },
): Promise<PrincipalRow> {
  const id = p.id ?? randomUUID();
  const { rows } = await db.query<PrincipalRow>(
    `INSERT INTO principals (id, type, principal_id, title, description, organization_id, acl_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [id, p.type, p.principalId, p.title, p.description ?? "", p.organizationId ?? null, p.aclKey ?? [id]],
  );
  return rows[0]!;
}

export async function principalByName(db: Queryable, principalId: string): Promise<PrincipalRow | undefined> {
  const { rows } = await db.query<PrincipalRow>("SELECT * FROM principals WHERE principal_id = $1", [principalId]);
  return rows[0];
}

/** Makes `holder` hold `held` (a user holds a role or an organization). Idempotent: true when the edge is new. */
export async function addEdge(db: Queryable, holder: string, held: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "INSERT INTO principal_edges (holder, held) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    [holder, held],
  );
  return rowCount === 1;
}
