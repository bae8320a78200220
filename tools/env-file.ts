// The kit's .env for `npm start`: created once from .env.example with a sandbox token, never overwritten.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parse } from "dotenv";

/** Replaces the value of `key` in a .env text (keeping comments and order), or appends the key. */
export function setEnvValue(text: string, key: string, value: string): string {
  const line = new RegExp(`^(\\s*(?:export\\s+)?${key}\\s*=).*$`, "m");
  if (line.test(text)) return text.replace(line, (_m, head: string) => `${head}${value}`);
  return `${text}${text.endsWith("\n") || text === "" ? "" : "\n"}${key}=${value}\n`;
}

/**
 * Creates `envPath` from `examplePath` with OPENLATTICE_JWT set to the token from `getToken`,
 * unless `envPath` already exists. Returns true when it created the file.
 */
export async function ensureEnvFile(
  envPath: string,
  examplePath: string,
  getToken: () => Promise<string>,
): Promise<boolean> {
  if (existsSync(envPath)) return false;
  const token = await getToken();
  const text = setEnvValue(readFileSync(examplePath, "utf8"), "OPENLATTICE_JWT", token);
  // "wx": fails instead of overwriting if the file appeared meanwhile; 0600 since it holds a secret.
  writeFileSync(envPath, text, { flag: "wx", mode: 0o600 });
  return true;
}

/** The .env's values (no output, no changes to process.env); {} when the file does not exist. */
export function readEnvFile(envPath: string): Record<string, string> {
  return existsSync(envPath) ? parse(readFileSync(envPath)) : {};
}
