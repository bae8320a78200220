import type { UserProfile } from "../../lib/schemas/index.js";

/** The seeded users every sandbox has; `npm run sandbox:token -- <name>` signs in as one of them. */
export const SEEDED_USERS = {
  admin: profile("auth0|5e39a1c7d2f84a0012b3c401", "Alex Rivera", "alex.rivera@example.org", ["admin"]),
  owner: profile("auth0|5e39a1c7d2f84a0012b3c402", "Jordan Lee", "jordan.lee@example.org"),
  member: profile("google-oauth2|104729384756102938475", "Sam Patel", "sam.patel@example.org"),
  outsider: profile("auth0|5e39a1c7d2f84a0012b3c404", "Riley Chen", "riley.chen@example.com"),
} satisfies Record<string, UserProfile>;

export type SeededUserName = keyof typeof SEEDED_USERS;

export function isSeededUserName(name: string): name is SeededUserName {
  return Object.hasOwn(SEEDED_USERS, name);
}

function profile(userId: string, name: string, email: string, extraRoles: string[] = []): UserProfile {
  const [given, family] = name.split(" ") as [string, string];
  const [provider, id] = userId.split("|") as [string, string];
  const social = provider !== "auth0";
  return {
    user_id: userId,
    email,
    email_verified: true,
    name,
    nickname: email.split("@")[0]!,
    given_name: given,
    family_name: family,
    picture: `https://s.gravatar.com/avatar/${id.slice(0, 12)}?s=480&r=pg&d=identicon`,
    created_at: "2020-01-15T17:02:11.000Z",
    updated_at: "2026-11-01T09:00:00.000Z",
    identities: [
      { provider, connection: social ? provider : "Username-Password-Authentication", user_id: id, isSocial: social },
    ],
    app_metadata: { roles: ["AuthenticatedUser", ...extraRoles] },
  };
}
