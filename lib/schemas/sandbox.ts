import { z } from "zod";

/**
 * Where the local sandbox's PostgreSQL listens (the organizations' databases): answer of the sandbox-only
 * `GET /sandbox/postgres`, e.g. `{"host": "127.0.0.1", "port": 54321}`. The real platform has no such endpoint.
 */
export const SandboxPostgres = z
  .object({ host: z.string().min(1), port: z.number().int().min(1).max(65535) })
  .passthrough();
export interface SandboxPostgres {
  host: string;
  port: number;
  [key: string]: unknown;
}
