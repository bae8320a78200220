import { DatabaseName } from "../../lib/schemas/input.js";
import { parseInput } from "../http/body.js";
import { illegalState } from "../http/errors.js";
import { generateCredential } from "./credentials.js";
import type { Platform } from "./platform.js";
import type { OrganizationRow } from "./principals.js";
import { roleGroup } from "../naming.js";

/**
 * The real rule (8–50 characters) and, since the real server's character check never rejects anything, the
 * documented intent (letters, digits, `_` and `-`): the name becomes a real database's name.
 */
const SANDBOX_DATABASE_NAME = DatabaseName.regex(/^[A-Za-z0-9_-]*$/, {
  error: (issue) => `Database name ${String(issue.input)} is invalid: only letters, digits, '_' and '-' are allowed.`,
});

/** `ALTER DATABASE … RENAME` for real; a taken or failing name is the real server's 500 and changes nothing. */
export async function renameDatabase(platform: Platform, org: OrganizationRow, name: string): Promise<void> {
  parseInput(SANDBOX_DATABASE_NAME, name);
  const failure = () => illegalState(`An error occurred while trying to rename org ${org.id} database name to ${name}`);
  if (name === org.database_name || (await platform.orgDatabases.exists(name))) throw failure();
  try {
    await platform.orgDatabases.rename(org.database_name, name);
  } catch {
    throw failure();
  }
  await platform.db.pool.query("UPDATE organizations SET database_name = $2 WHERE id = $1", [org.id, name]);
}

/** Gives the integration login a new password, in PostgreSQL and in the control database. */
export async function rollIntegrationCredential(platform: Platform, org: OrganizationRow) {
  const credential = generateCredential();
  await platform.orgDatabases.setPassword(org.integration_user, credential);
  await platform.db.pool.query("UPDATE organizations SET integration_credential = $2 WHERE id = $1", [
    org.id,
    credential,
  ]);
  return { user: org.integration_user, credential };
}

/** Replaces the organization's auto-approved e-mail domains, keeping their order and dropping repeats. */
export async function setEmailDomains(platform: Platform, orgId: string, domains: string[]): Promise<void> {
  await platform.db.pool.query("UPDATE organizations SET email_domains = $2 WHERE id = $1", [
    orgId,
    [...new Set(domains)],
  ]);
}

/**
 * The admin role's own database login (`getOrganizationAdminRoleDatabaseAccount`): the role's group role, which
 * holds whatever SQL access the role has, made a login to the organization's database when first asked for.
 */
export async function adminRoleAccount(
  platform: Platform,
  org: OrganizationRow,
): Promise<{ user: string; credential: string }> {
  const user = roleGroup(org.admin_role_id);
  const found = await platform.db.pool.query<{ credential: string }>(
    "SELECT credential FROM role_logins WHERE role_id = $1",
    [org.admin_role_id],
  );
  if (found.rows[0]) return { user, credential: found.rows[0].credential };
  const credential = generateCredential();
  await platform.orgDatabases.enableGroupLogin(user, credential, org.database_name);
  await platform.db.pool.query(
    "INSERT INTO role_logins (role_id, credential) VALUES ($1, $2) ON CONFLICT (role_id) DO UPDATE SET credential = EXCLUDED.credential",
    [org.admin_role_id, credential],
  );
  return { user, credential };
}
