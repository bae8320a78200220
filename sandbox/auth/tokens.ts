import type { UserProfile } from "../../lib/schemas/index.js";
import { SANDBOX_AUDIENCE, SANDBOX_ISSUER, signToken } from "./jwt.js";

const DAY_SECONDS = 24 * 60 * 60;

/** A sandbox JWT for a user, shaped like an Auth0 id_token; valid for `days` (365 by default). */
export function mintToken(user: UserProfile, secret: string, days = 365, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return signToken(
    {
      sub: user.user_id,
      user_id: user.user_id,
      email: user.email,
      email_verified: user.email_verified ?? false,
      nickname: user.nickname,
      app_metadata: user.app_metadata,
      iss: SANDBOX_ISSUER,
      aud: SANDBOX_AUDIENCE,
      iat,
      exp: iat + days * DAY_SECONDS,
    },
    secret,
  );
}
