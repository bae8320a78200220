import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Secrets of one sandbox data folder, made on first use and kept in `<dataDir>/secrets.json` (mode 600). */
export interface SandboxSecrets {
  /** HS256 key that signs and verifies the sandbox's JWTs. */
  jwtSecret: string;
  /** Password of the embedded PostgreSQL superuser. */
  postgresPassword: string;
}

export function loadSecrets(dataDir: string): SandboxSecrets {
  const file = join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as SandboxSecrets;
  const secrets: SandboxSecrets = {
    jwtSecret: randomBytes(32).toString("base64url"),
    postgresPassword: randomBytes(18).toString("base64url"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  return secrets;
}
