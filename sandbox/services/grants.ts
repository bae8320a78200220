import type { Grant, GrantInput, UserProfile } from "../../lib/schemas/index.js";
import type { Queryable } from "../db/control.js";
import { badRequest } from "../http/errors.js";
import type { Platform } from "./platform.js";
import { addRoleToUser } from "./roles.js";
import type { UserRow } from "./users.js";

/** The real `Grant` constructor's checks: an Attributes grant names its attribute, EmailDomain mappings are e-mails. */
export function checkGrant<G extends GrantInput>(grant: G): G {
  if (grant.grantType === "Attributes" && !grant.attribute?.trim()) {
    throw badRequest("Attribute key must not be blank for Attributes grant type.");
  }
  const invalid =
    grant.grantType === "EmailDomain" ? grant.mappings.filter((m) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(m)) : [];
  if (invalid.length > 0) throw badRequest(`The following domains were not valid e-mails: [${invalid.join(", ")}]`);
  return grant;
}

/** Stores the role's grant of that type (`grants[roleId][grantType]`), replacing the previous one. */
export async function setRoleGrant(db: Queryable, orgId: string, roleId: string, grant: Grant): Promise<void> {
  await db.query(
    `UPDATE organizations SET grants = jsonb_set(grants, ARRAY[$2::text], coalesce(grants -> $2::text, '{}') || jsonb_build_object($3::text, $4::jsonb))
     WHERE id = $1`,
    [
      orgId,
      roleId,
      grant.grantType,
      JSON.stringify({
        grantType: grant.grantType,
        mappings: [...new Set(grant.mappings)],
        attribute: grant.attribute,
      }),
    ],
  );
}

/**
 * What a grant matches in a user's Auth0 `app_metadata`, as the real server reads it. `domains` falls back to the
 * domain of the user's e-mail address (`@example.org`), since Auth0 profiles rarely carry it.
 */
function profileValues(profile: UserProfile, key: string): string[] {
  const value = (profile.app_metadata as Record<string, unknown> | undefined)?.[key];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string") return [value];
  if (key === "domains" && profile.email?.includes("@")) return [profile.email.slice(profile.email.indexOf("@"))];
  return [];
}

/** Whether a grant gives its role to this user when they join. Manual and Claim grants never do. */
export function grantMatches(grant: Grant, profile: UserProfile): boolean {
  const any = (key: string, mappings: string[]) => mappings.some((m) => profileValues(profile, key).includes(m));
  switch (grant.grantType) {
    case "Automatic":
      return true;
    case "Groups":
      return any("groups", grant.mappings);
    case "Roles":
      return any("roles", grant.mappings);
    case "Attributes":
      return any(grant.attribute, grant.mappings);
    case "EmailDomain":
      return any(
        "domains",
        grant.mappings.map((m) => m.slice(m.indexOf("@"))),
      );
    default:
      return false;
  }
}

/** Gives a new member every role of the organization whose grants match them; answers the roles given. */
export async function applyGrants(platform: Platform, orgId: string, user: UserRow): Promise<string[]> {
  const { rows } = await platform.db.pool.query<{ role_id: string; grants: Record<string, Grant> }>(
    `SELECT g.key AS role_id, g.value AS grants FROM organizations o CROSS JOIN LATERAL jsonb_each(o.grants) g
       JOIN principals r ON r.id::text = g.key AND r.organization_id = o.id AND r.type = 'ROLE'
     WHERE o.id = $1`,
    [orgId],
  );
  const given = rows
    .filter((row) => Object.values(row.grants).some((grant) => grantMatches(grant, user.profile)))
    .map((row) => row.role_id);
  for (const roleId of given) await addRoleToUser(platform, roleId, user);
  return given;
}
