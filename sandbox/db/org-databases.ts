import pg from "pg";
import { ClusterSessions } from "./cluster-sessions.js";
import type { PostgresServer } from "./postgres.js";

const { Client, escapeIdentifier: id, escapeLiteral: literal } = pg;

/** The schemas the real server creates in every organization database. */
const ORG_SCHEMAS = ["openlattice", "integrations", "staging", "transporter", "entitysets"];

/**
 * A statement taking back every privilege granted on a table or view (and on its columns) from every role but
 * the one running it and the relation's owner: what precedes re-granting from the platform's permissions.
 */
export function revokeAllStatement(relation: string): string {
  return `DO $$ DECLARE grantee text; BEGIN
       FOR grantee IN
         SELECT r.rolname FROM pg_class c, aclexplode(c.relacl) x JOIN pg_roles r ON r.oid = x.grantee
           WHERE c.oid = ${literal(relation)}::regclass AND x.grantee <> c.relowner
         UNION SELECT r.rolname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid, aclexplode(a.attacl) x
           JOIN pg_roles r ON r.oid = x.grantee
           WHERE c.oid = ${literal(relation)}::regclass AND x.grantee <> c.relowner
       LOOP
         IF grantee <> current_user THEN EXECUTE format('REVOKE ALL ON %s FROM %I', ${literal(relation)}, grantee); END IF;
       END LOOP;
     END $$`;
}

/** The real databases of organizations, one per organization, managed on the sandbox's cluster. */
export class OrgDatabases {
  readonly #sessions: ClusterSessions;

  constructor(private readonly server: PostgresServer) {
    this.#sessions = new ClusterSessions(server);
  }

  /** Runs statements on one database of the cluster as superuser, one batch at a time (see ClusterSessions). */
  async run(database: string, ...statements: string[]): Promise<void> {
    await this.#sessions.run(database, statements);
  }

  /** Closes the sessions kept open for batches. */
  close(): void {
    this.#sessions.close();
  }

  /** The rows of one query on one database of the cluster, as superuser. */
  async query<R extends pg.QueryResultRow>(database: string, sql: string, values: unknown[] = []): Promise<R[]> {
    return this.session(database, async (session) => (await session.query<R>(sql, values)).rows);
  }

  /** Works in a session of its own on one database of the cluster, as superuser; the session ends with the work. */
  async session<T>(database: string, work: (session: pg.Client) => Promise<T>): Promise<T> {
    const client = new Client(this.server.connection(database));
    client.on("error", () => {}); // a dropped connection fails the work's next query
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  /** Runs statements on one database in one transaction: all take effect or none. */
  async runAtomically(database: string, statements: string[]): Promise<void> {
    await this.run(database, "BEGIN", ...statements, "COMMIT");
  }

  /** A group role standing for an organization's role; members holding the role are granted it. */
  async createGroup(group: string): Promise<void> {
    await this.run(
      "postgres",
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(group)}) THEN CREATE ROLE ${id(group)} NOLOGIN; END IF;
       END $$`,
    );
  }

  /**
   * Drops a group role after taking back what it was granted in `database`; a group already dropped (the same role
   * deleted by two requests at once) has nothing to take back.
   */
  async dropGroup(group: string, database?: string): Promise<void> {
    if (database && (await this.exists(database))) {
      await this.run(
        database,
        `DO $$ BEGIN DROP OWNED BY ${id(group)}; EXCEPTION WHEN undefined_object THEN NULL; END $$`,
      );
    }
    await this.run("postgres", `DROP ROLE IF EXISTS ${id(group)}`);
  }

  /** Lets a group role log in, with `credential`, to `database` only (as a member may). */
  async enableGroupLogin(group: string, credential: string, database: string): Promise<void> {
    await this.run(
      "postgres",
      `ALTER ROLE ${id(group)} LOGIN PASSWORD ${literal(credential)}`,
      `GRANT CONNECT, TEMPORARY ON DATABASE ${id(database)} TO ${id(group)}`,
    );
  }

  async grantGroup(group: string, user: string): Promise<void> {
    await this.run("postgres", `GRANT ${id(group)} TO ${id(user)}`);
  }

  async revokeGroup(group: string, user: string): Promise<void> {
    await this.run("postgres", `REVOKE ${id(group)} FROM ${id(user)}`);
  }

  /**
   * Creates the database with the real server's schemas and the organization's integration login, which
   * may connect to it (and, as PUBLIC may not, to no other organization's database).
   */
  async create(name: string, user: string, credential: string): Promise<void> {
    await this.run(
      "postgres",
      `CREATE ROLE ${id(user)} LOGIN PASSWORD ${literal(credential)}`,
      `CREATE DATABASE ${id(name)}`,
      `REVOKE ALL ON DATABASE ${id(name)} FROM PUBLIC`,
      `GRANT CONNECT, TEMPORARY ON DATABASE ${id(name)} TO ${id(user)}`,
    );
    await this.run(
      name,
      ...ORG_SCHEMAS.map((schema) => `CREATE SCHEMA ${id(schema)}`),
      `GRANT USAGE, CREATE ON SCHEMA openlattice TO ${id(user)}`,
      `GRANT ALL ON SCHEMA staging TO ${id(user)}`,
      `ALTER ROLE ${id(user)} SET search_path TO openlattice, staging`,
    );
  }

  /** Drops the database (closing its connections) and the integration login. Missing objects are fine. */
  async drop(name: string, user: string): Promise<void> {
    await this.run("postgres", `DROP DATABASE IF EXISTS ${id(name)} WITH (FORCE)`, `DROP ROLE IF EXISTS ${id(user)}`);
  }

  /** `ALTER DATABASE … RENAME`, after closing the open connections to the old name, as the real server does. */
  async rename(from: string, to: string): Promise<void> {
    await this.run(
      "postgres",
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${literal(from)} AND pid <> pg_backend_pid()`,
      `ALTER DATABASE ${id(from)} RENAME TO ${id(to)}`,
    );
  }

  /** Creates a login role unless it exists. */
  async createLogin(user: string, credential: string): Promise<void> {
    await this.run(
      "postgres",
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(user)}) THEN
           CREATE ROLE ${id(user)} LOGIN PASSWORD ${literal(credential)};
         END IF;
       END $$`,
      `ALTER ROLE ${id(user)} SET search_path TO openlattice, staging, entitysets`,
    );
  }

  /** A member's login may connect, make temporary tables and schemas (`MEMBER_DATABASE_PERMISSIONS`), and use `openlattice` and `staging`. */
  async grantMember(database: string, user: string): Promise<void> {
    await this.run("postgres", `GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${id(database)} TO ${id(user)}`);
    await this.run(database, `GRANT USAGE, CREATE ON SCHEMA openlattice, staging TO ${id(user)}`);
  }

  /** Takes the member's access back and closes their open sessions on the database. */
  async revokeMember(database: string, user: string): Promise<void> {
    await this.run(database, `REVOKE ALL ON SCHEMA openlattice, staging FROM ${id(user)}`);
    await this.run(
      "postgres",
      `REVOKE ALL ON DATABASE ${id(database)} FROM ${id(user)}`,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${literal(database)} AND usename = ${literal(user)}`,
    );
  }

  async setPassword(user: string, credential: string): Promise<void> {
    await this.run("postgres", `ALTER ROLE ${id(user)} PASSWORD ${literal(credential)}`);
  }

  async exists(name: string): Promise<boolean> {
    return (await this.query("postgres", "SELECT 1 FROM pg_database WHERE datname = $1", [name])).length === 1;
  }
}
