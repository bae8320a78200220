import type {
  AccessCheck,
  AclExplanation,
  AclKey,
  Authorization,
  Permission,
  Principal,
} from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { aclKeyLiteral, type Caller } from "./acl.js";

const keyOf = (aclKey: AclKey) => aclKey.map((id) => id.toLowerCase()).join("/");

/**
 * Answers access checks for the caller's principals: one Authorization per acl key (checks on the same key are
 * merged), each asked permission `true` or `false`, as `accessChecksForPrincipals` does.
 */
export async function authorize(db: Queryable, caller: Caller, checks: AccessCheck[]): Promise<Authorization[]> {
  const wanted = new Map<string, { aclKey: AclKey; permissions: Set<Permission> }>();
  for (const check of checks) {
    const entry = wanted.get(keyOf(check.aclKey)) ?? {
      aclKey: check.aclKey.map((id) => id.toLowerCase()),
      permissions: new Set(),
    };
    for (const permission of check.permissions) entry.permissions.add(permission);
    wanted.set(keyOf(check.aclKey), entry);
  }
  const entries = [...wanted.values()];
  const { rows } = await db.query<{ i: number; permissions: Permission[] }>(
    `SELECT k.i, array_agg(DISTINCT p) AS permissions
     FROM unnest($1::text[]) WITH ORDINALITY AS k(key, i)
       JOIN aces a ON a.acl_key = k.key::uuid[] AND a.principal = ANY($2)
       CROSS JOIN LATERAL unnest(a.permissions) AS p
     GROUP BY k.i`,
    [entries.map((entry) => aclKeyLiteral(entry.aclKey)), caller.held],
  );
  const held = new Map(rows.map((row) => [Number(row.i) - 1, new Set(row.permissions)]));
  return entries.map((entry, i) => ({
    aclKey: entry.aclKey,
    permissions: Object.fromEntries([...entry.permissions].map((p) => [p, held.get(i)?.has(p) ?? false])),
  }));
}

interface Node {
  id: string;
  principal: Principal;
}

/**
 * Every principal that reaches the object, with the paths it reaches it by, as the real server's explanation:
 * paths start at each non-user principal with an entry on the object and climb to the principals holding it
 * (a role to its users, an organization to its members), one step at a time.
 */
export async function explain(db: Queryable, aclKey: AclKey): Promise<AclExplanation[]> {
  const { rows: starts } = await db.query<Node & { type: Principal["type"]; principal_id: string }>(
    `SELECT p.id, p.type, p.principal_id FROM aces a JOIN principals p ON p.id = a.principal
     WHERE a.acl_key = $1 AND p.type <> 'USER' ORDER BY p.type, p.principal_id`,
    [aclKey],
  );
  const paths = new Map<string, { principal: Principal; paths: Node[][] }>();
  let layer: Node[] = starts.map((row) => ({ id: row.id, principal: { type: row.type, id: row.principal_id } }));
  for (const node of layer) paths.set(node.id, { principal: node.principal, paths: [[node]] });
  while (layer.length > 0) {
    const { rows: edges } = await db.query<{ held: string; id: string; type: Principal["type"]; principal_id: string }>(
      `SELECT e.held, p.id, p.type, p.principal_id FROM principal_edges e JOIN principals p ON p.id = e.holder
       WHERE e.held = ANY($1) AND e.holder <> e.held ORDER BY p.type, p.principal_id`,
      [layer.map((node) => node.id)],
    );
    const next = new Map<string, Node>();
    for (const edge of edges) {
      const parent: Node = { id: edge.id, principal: { type: edge.type, id: edge.principal_id } };
      const entry = paths.get(parent.id) ?? { principal: parent.principal, paths: [] };
      paths.set(parent.id, entry);
      for (const path of paths.get(edge.held)!.paths) {
        if (path.some((step) => step.id === parent.id)) continue; // no cycles
        const longer = [...path, parent];
        if (!entry.paths.some((p) => p.map((s) => s.id).join() === longer.map((s) => s.id).join()))
          entry.paths.push(longer);
        next.set(parent.id, parent);
      }
    }
    layer = [...next.values()];
  }
  return [...paths.values()].map(({ principal, paths: found }) => ({
    principal,
    principalPaths: found.map((path) => path.map((step) => step.principal)),
  }));
}
