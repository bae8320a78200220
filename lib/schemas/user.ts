import { z } from "zod";

/** One identity of an Auth0 user (`auth0`, `google-oauth2`, …). */
export const Identity = z
  .object({ connection: z.string(), user_id: z.string(), provider: z.string(), isSocial: z.boolean() })
  .passthrough();
export interface Identity {
  connection: string;
  user_id: string;
  provider: string;
  isSocial: boolean;
  [key: string]: unknown;
}

/** The Auth0 Management-API user the server returns as a member's `profile`. Absent fields are omitted. */
export const UserProfile = z
  .object({
    user_id: z.string(),
    email: z.string().optional(),
    email_verified: z.boolean().optional(),
    username: z.string().optional(),
    name: z.string().optional(),
    nickname: z.string().optional(),
    given_name: z.string().optional(),
    family_name: z.string().optional(),
    picture: z.string().optional(),
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
    last_login: z.string().optional(),
    logins_count: z.number().int().optional(),
    identities: z.array(Identity).optional(),
    app_metadata: z
      .object({ roles: z.array(z.string()).optional() })
      .passthrough()
      .optional(),
    user_metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export interface UserProfile {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  username?: string;
  name?: string;
  nickname?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  created_at?: string;
  updated_at?: string;
  last_login?: string;
  logins_count?: number;
  identities?: Identity[];
  app_metadata?: { roles?: string[]; [key: string]: unknown };
  user_metadata?: Record<string, unknown>;
  [key: string]: unknown;
}
