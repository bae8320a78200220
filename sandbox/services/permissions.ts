import type { Acl, AclData, AclKey } from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { forbidden, HttpError, illegalState, notFound } from "../http/errors.js";
import { type Caller, hasPermission } from "./acl.js";
import { principalByName } from "./principals.js";
import { authorize } from "./authorizations.js";

const render = (keys: AclKey[]) => `[${keys.map((k) => `[${k.join(", ")}]`).join(", ")}]`;

/** Every entry on one object. Only its owners may see them. */
export async function aclOf(db: Queryable, caller: Caller, aclKey: AclKey): Promise<Acl> {
  if (!(await hasPermission(db, caller, aclKey, "OWNER"))) {
    throw forbidden(`Only owner of securable object ${render([aclKey])} can access other users' access rights.`);
  }
  const { rows } = await db.query<{
    type: Acl["aces"][number]["principal"]["type"];
    principal_id: string;
    permissions: Acl["aces"][number]["permissions"];
  }>(
    `SELECT p.type, p.principal_id, a.permissions FROM aces a JOIN principals p ON p.id = a.principal
     WHERE a.acl_key = $1 ORDER BY p.type, p.principal_id`,
    [aclKey],
  );
  return {
    aclKey,
    aces: rows.map((row) => ({ principal: { type: row.type, id: row.principal_id }, permissions: row.permissions })),
  };
}

/**
 * Applies ACL changes (ADD merges, SET replaces, REMOVE subtracts) when the caller owns every object touched;
 * all or nothing. REQUEST fails as it does on the real server.
 */
export async function updateAcls(tx: Queryable, caller: Caller, changes: AclData[]): Promise<void> {
  if (changes.some((change) => change.action === "REQUEST")) {
    throw new HttpError(500, "otherError", 500, "BadRequestException: Invalid action specified: REQUEST");
  }
  const keyOf = (aclKey: AclKey) => aclKey.join("/").toLowerCase();
  const answers = await authorize(
    tx,
    caller,
    changes.map(({ acl }) => ({ aclKey: acl.aclKey, permissions: ["OWNER"] })),
  );
  const owned = new Set(answers.filter((answer) => answer.permissions.OWNER).map((answer) => keyOf(answer.aclKey)));
  const unowned = changes.filter(({ acl }) => !owned.has(keyOf(acl.aclKey))).map(({ acl }) => acl.aclKey);
  if (unowned.length > 0)
    throw forbidden(`Only owner of securable objects ${render(unowned)} can access other users' access rights.`);
  for (const { action, acl } of changes) {
    for (const ace of acl.aces) {
      const principal = await principalByName(tx, ace.principal.id);
      if (!principal || principal.type !== ace.principal.type)
        throw notFound(`Principal ${ace.principal.type} ${ace.principal.id} does not exist.`);
      const merge = {
        ADD: "ARRAY(SELECT DISTINCT unnest(coalesce(aces.permissions, '{}') || $3::text[]) ORDER BY 1)",
        SET: "ARRAY(SELECT DISTINCT unnest($3::text[]) ORDER BY 1)",
        REMOVE: "ARRAY(SELECT unnest(aces.permissions) EXCEPT SELECT unnest($3::text[]) ORDER BY 1)",
      }[action as "ADD" | "SET" | "REMOVE"];
      await tx.query(
        `INSERT INTO aces (acl_key, principal, permissions) VALUES ($1, $2, ${action === "REMOVE" ? "'{}'" : "ARRAY(SELECT DISTINCT unnest($3::text[]) ORDER BY 1)"})
         ON CONFLICT (acl_key, principal) DO UPDATE SET permissions = ${merge}`,
        [acl.aclKey, principal.id, ace.permissions],
      );
    }
    await tx.query("DELETE FROM aces WHERE acl_key = $1 AND permissions = '{}'", [acl.aclKey]);
    if (action === "REMOVE" && acl.aces.some((ace) => ace.permissions.includes("OWNER")))
      await ensureUserOwner(tx, acl.aclKey);
  }
}

/** The real server's refusal to leave an object without any USER owner (the caller's transaction rolls back). */
async function ensureUserOwner(tx: Queryable, aclKey: AclKey) {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM aces a JOIN principals p ON p.id = a.principal AND p.type = 'USER'
     WHERE a.acl_key = $1 AND 'OWNER' = ANY(a.permissions) LIMIT 1`,
    [aclKey],
  );
  if (!rowCount)
    throw illegalState(
      "Unable to remove owner permissions as a securable object will be left without an owner of type USER",
    );
}
