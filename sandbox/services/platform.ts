import type { ControlDb } from "../db/control.js";
import type { OrgDatabases } from "../db/org-databases.js";
import type { PostgresServer } from "../db/postgres.js";

/** The state a request works on: the control database and the organizations' own databases. */
export interface Platform {
  db: ControlDb;
  orgDatabases: OrgDatabases;
  /** Where PostgreSQL listens, for clients of the organizations' databases. */
  postgres: PostgresServer;
}
