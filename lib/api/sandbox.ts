import type { ApiClient } from "../client.js";
import { SandboxPostgres } from "../schemas/index.js";

/**
 * Calls only the local sandbox serves (`npm start`); they are not part of the OpenLattice API, and the real
 * platform answers them with 404. Authenticated like every other call.
 * @example const { host, port } = await new SandboxApi(client).getPostgres();
 */
export class SandboxApi {
  constructor(readonly client: ApiClient) {}

  /** `GET /sandbox/postgres` — where the sandbox's PostgreSQL (the organizations' databases) listens, `{host, port}`. */
  async getPostgres(): Promise<SandboxPostgres> {
    return this.client.request({ method: "GET", path: "/sandbox/postgres", schema: SandboxPostgres });
  }
}
