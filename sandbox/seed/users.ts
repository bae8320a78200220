import { createHash } from "node:crypto";
import type { UserProfile } from "../../lib/schemas/index.js";

/** The seeded users every sandbox has; `npm run -s sandbox:token -- <name>` signs in as one of them. */
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

/**
 * A data-analyst team on four organizations' domains, for user listings, searches and memberships. Their logins
 * come from a database connection (`auth0|<24 hex>`, an ObjectId starting with the creation time), Google
 * Workspace (`google-oauth2|<21 digits>`) and two enterprise connections (SAML `samlp|MetroHealth|<email>`, ADFS
 * `adfs|RiverCounty|<email>`). Everything is fixed; the last two were invited and have never signed in.
 */
export const EXTRA_USERS: UserProfile[] = [
  analyst("auth0|6927dd6a2950202251c4c2f8", ["Maya", "Okafor"], "maya.okafor@example.org", [
    "2025-11-27T05:11:06.000Z",
    "2026-08-31T04:21:06.000Z",
    230,
  ]),
  analyst("auth0|5f0491ecd421b5c820372f4b", ["Daniel", "Brooks"], "daniel.brooks@example.org", [
    "2020-07-07T15:17:00.000Z",
    "2026-10-03T11:15:20.000Z",
    689,
  ]),
  analyst("auth0|5dbde4449f9ad42fd97c0b14", ["Aiyana", "Whitehorse"], "aiyana.whitehorse@example.org", [
    "2019-11-02T20:17:08.000Z",
    "2025-10-20T05:33:40.000Z",
    1889,
  ]),
  analyst("auth0|5e9d9f701c9ff8abd6c62e5b", ["Tomás", "Herrera"], "tomas.herrera@example.org", [
    "2020-04-20T13:11:12.000Z",
    "2024-12-31T17:00:46.000Z",
    646,
  ]),
  analyst("auth0|68e6875e15012aea51f81175", ["Mei-Ling", "Zhou"], "meiling.zhou@example.org", [
    "2025-10-08T15:46:38.000Z",
    "2026-04-11T00:09:33.000Z",
    84,
  ]),
  analyst("auth0|5d71adbd2c1fbeb4bb6b68e6", ["Kwame", "Mensah"], "kwame.mensah@example.org", [
    "2019-09-06T00:52:13.000Z",
    "2025-10-15T09:59:10.000Z",
    2026,
  ]),
  analyst("auth0|65e2d4995e0bcd1c313a68b1", ["Sofia", "Lindqvist"], "sofia.lindqvist@example.org", [
    "2024-03-02T07:26:17.000Z",
    "2025-12-16T01:38:22.000Z",
    141,
  ]),
  analyst("auth0|62f80f351f01a85841c4a432", ["Hannah", "Goldberg"], "hannah.goldberg@example.org", [
    "2022-08-13T20:53:09.000Z",
    "2026-10-31T17:59:21.000Z",
    400,
  ]),
  analyst("auth0|66bd49a4a759f225d36e991a", ["Ravi Shankar", "Iyer"], "ravi.iyer@example.org", [
    "2024-08-15T00:19:48.000Z",
    "2026-10-31T08:51:56.000Z",
    171,
  ]),
  analyst("auth0|670f9980a2417c34f8ee8471", ["Eleanor", "O'Brien"], "eleanor.obrien@example.org", [
    "2024-10-16T10:46:24.000Z",
    "2026-10-30T17:51:34.000Z",
    566,
  ]),
  analyst("google-oauth2|115820285597971930464", ["Priya", "Raman"], "priya.raman@lakeside-university.example", [
    "2019-10-02T17:04:18.000Z",
    "2024-09-24T11:32:34.000Z",
    1496,
  ]),
  analyst("google-oauth2|115975896184091561345", ["Lukas", "Becker"], "lukas.becker@lakeside-university.example", [
    "2019-12-20T01:24:07.000Z",
    "2026-10-26T18:15:29.000Z",
    1491,
  ]),
  analyst("google-oauth2|117836939398934715869", ["Amara", "Nwosu"], "amara.nwosu@lakeside-university.example", [
    "2025-11-12T21:46:53.000Z",
    "2026-10-18T20:59:19.000Z",
    155,
  ]),
  analyst("google-oauth2|115122353634057594150", ["Ji-woo", "Park"], "jiwoo.park@lakeside-university.example", [
    "2024-03-13T10:09:33.000Z",
    "2026-10-29T00:32:28.000Z",
    270,
  ]),
  analyst("google-oauth2|103737540078929007292", ["Zoë", "Müller"], "zoe.mueller@lakeside-university.example", [
    "2025-02-07T16:56:54.000Z",
    "2026-09-29T18:52:50.000Z",
    499,
  ]),
  analyst(
    "google-oauth2|114792512930101187971",
    ["Carlos", "Mendoza Ruiz"],
    "carlos.mendoza@lakeside-university.example",
    ["2021-04-09T04:56:54.000Z", "2024-01-23T21:27:21.000Z", 894],
  ),
  analyst(
    "samlp|MetroHealth|fatima.alsayed@metrohealth.example",
    ["Fatima", "Al-Sayed"],
    "fatima.alsayed@metrohealth.example",
    ["2023-06-08T02:08:00.000Z", "2026-04-23T02:19:53.000Z", 541],
  ),
  analyst("samlp|MetroHealth|grace.kim@metrohealth.example", ["Grace", "Kim"], "grace.kim@metrohealth.example", [
    "2023-06-10T18:10:19.000Z",
    "2026-09-19T14:18:41.000Z",
    69,
  ]),
  analyst(
    "samlp|MetroHealth|noah.fischer@metrohealth.example",
    ["Noah", "Fischer"],
    "noah.fischer@metrohealth.example",
    ["2019-07-09T01:57:27.000Z", "2025-03-24T11:18:25.000Z", 1121],
  ),
  analyst(
    "samlp|MetroHealth|isabella.rossi@metrohealth.example",
    ["Isabella", "Rossi"],
    "isabella.rossi@metrohealth.example",
    ["2023-07-06T05:43:39.000Z", "2026-09-29T15:18:19.000Z", 746],
  ),
  analyst(
    "samlp|MetroHealth|lan.nguyen@metrohealth.example",
    ["Lan", "Nguyễn", "Nguyễn Thị Lan"],
    "lan.nguyen@metrohealth.example",
    ["2024-05-16T10:21:55.000Z", "2026-10-20T23:27:53.000Z", 694],
  ),
  analyst(
    "samlp|MetroHealth|samuel.adeyemi@metrohealth.example",
    ["Samuel", "Adeyemi"],
    "samuel.adeyemi@metrohealth.example",
    ["2024-10-19T16:10:05.000Z", "2026-09-07T06:47:12.000Z", 188],
  ),
  analyst("adfs|RiverCounty|pgonzalez@rivercounty.example", ["Patricia", "Gonzalez"], "pgonzalez@rivercounty.example", [
    "2024-04-05T16:22:07.000Z",
    "2025-07-19T00:39:00.000Z",
    433,
  ]),
  analyst("adfs|RiverCounty|mthompson@rivercounty.example", ["Michael", "Thompson"], "mthompson@rivercounty.example", [
    "2021-10-20T09:26:16.000Z",
    "2025-12-18T22:52:19.000Z",
    151,
  ]),
  analyst("adfs|RiverCounty|lnakamura@rivercounty.example", ["Linda", "Nakamura"], "lnakamura@rivercounty.example", [
    "2025-02-17T13:06:14.000Z",
    "2026-10-30T13:26:23.000Z",
    426,
  ]),
  analyst("adfs|RiverCounty|jwhitfield@rivercounty.example", ["James", "Whitfield"], "jwhitfield@rivercounty.example", [
    "2021-03-18T14:09:44.000Z",
    "2026-07-17T17:27:20.000Z",
    1748,
  ]),
  analyst("google-oauth2|114299156865433851867", ["Ingrid", "Solberg"], "ingrid.solberg@example.net", [
    "2024-03-02T12:11:27.000Z",
    "2026-09-26T08:52:19.000Z",
    375,
  ]),
  analyst("google-oauth2|103636677693315301962", ["Ahmed", "Haddad"], "ahmed.haddad@example.net", [
    "2025-01-20T16:51:57.000Z",
    "2026-05-27T14:45:27.000Z",
    258,
  ]),
  analyst("auth0|6ad7439b52a15009e5b7f0f8", ["Chloé", "Dubois"], "chloe.dubois@example.org", [
    "2026-10-20T10:34:03.000Z",
  ]),
  analyst("auth0|6adb6302ce6fccef73f94b37", ["Benjamin", "Carter"], "benjamin.carter@example.org", [
    "2026-10-23T13:37:06.000Z",
  ]),
];

/** Every seeded user: the four named ones, then the team. */
export const ALL_USERS: UserProfile[] = [...Object.values(SEEDED_USERS), ...EXTRA_USERS];

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

/**
 * A team member's Auth0 profile; the identity follows from the id's connection. `activity` is
 * `[created, last login, logins]`, or `[created]` for someone invited who has not signed in yet.
 */
function analyst(
  userId: string,
  [given, family, name = `${given} ${family}`]: [string, string, string?],
  email: string,
  [created, lastLogin, logins]: [string, string?, number?],
): UserProfile {
  const [provider, ...rest] = userId.split("|") as [string, ...string[]];
  const enterprise = rest.length > 1; // samlp|<connection>|<email>, adfs|<connection>|<email>
  const connection = provider === "auth0" ? "Username-Password-Authentication" : enterprise ? rest[0]! : provider;
  return {
    user_id: userId,
    email,
    email_verified: lastLogin !== undefined,
    name,
    nickname: email.split("@")[0]!,
    given_name: given,
    family_name: family,
    picture: `https://s.gravatar.com/avatar/${createHash("md5").update(email).digest("hex")}?s=480&r=pg&d=identicon`,
    created_at: created,
    updated_at: lastLogin ?? created,
    ...(lastLogin !== undefined && { last_login: lastLogin, logins_count: logins }),
    identities: [{ provider, connection, user_id: rest.join("|"), isSocial: provider === "google-oauth2" }],
    app_metadata: { roles: ["AuthenticatedUser"] },
  };
}
