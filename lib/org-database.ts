import pg from "pg";
import { check } from "./api/args.js";
import { OrganizationsApi } from "./api/organizations.js";
import { SandboxApi } from "./api/sandbox.js";
import type { ApiClient } from "./client.js";
import { normalizeDatabaseHost, parseDatabasePort } from "./config.js";
import type { OpenLattice } from "./connect.js";
import { InputError, NotFoundError, OpenLatticeError } from "./errors.js";
import { redactedError } from "./redaction.js";
import { isLocalSandbox } from "./confirmation.js";

/** The real platform's server of organization databases ("atlas"): PostgreSQL with TLS. */
export const ATLAS_DATABASE = { host: "atlas.openlattice.com", port: 30001 } as const;

export interface OrganizationDatabaseOptions {
  /** Database host; before `OPENLATTICE_DB_HOST`, the sandbox's and atlas. */
  host?: string;
  /** Database port; before `OPENLATTICE_DB_PORT`, the sandbox's and 30001. */
  port?: number;
  /** TLS for pg. Default: none with a sandbox base URL, `{ rejectUnauthorized: true }` otherwise. */
  ssl?: pg.ClientConfig["ssl"];
  /** How long connecting may take. Default 30 000 ms. */
  connectionTimeoutMillis?: number;
}

/** Where an organization's database is. */
export interface OrganizationDatabaseAddress {
  host: string;
  port: number;
  ssl: pg.ClientConfig["ssl"];
}

/** The organization database could not be reached or refused the login. The message never holds the credential. */
export class OrganizationDatabaseError extends OpenLatticeError {}

/**
 * Where the organization databases are. Host and port each come from, in order: `options`, the configuration
 * (`OPENLATTICE_DB_HOST` / `OPENLATTICE_DB_PORT` in the environment or `.env`, read by `loadConfiguration`), then,
 * with a sandbox base URL (localhost, 127.0.0.1, ::1), the sandbox's answer to `GET /sandbox/postgres`, else
 * atlas.openlattice.com:30001. TLS is off for a sandbox base URL and verified (`rejectUnauthorized`) otherwise.
 * @example await resolveOrganizationDatabaseAddress(ol.client) // { host: "127.0.0.1", port: 54321, ssl: false }
 */
export async function resolveOrganizationDatabaseAddress(
  client: ApiClient,
  options: OrganizationDatabaseOptions = {},
): Promise<OrganizationDatabaseAddress> {
  const { configuration } = client;
  const sandbox = isLocalSandbox(configuration.host);
  let host =
    options.host === undefined ? configuration.databaseHost : normalizeDatabaseHost(options.host, "options.host");
  let port = options.port === undefined ? configuration.databasePort : parseDatabasePort(options.port, "options.port");
  if (host === undefined || port === undefined) {
    const fallback = sandbox ? await sandboxPostgres(client) : ATLAS_DATABASE;
    host ??= fallback.host;
    port ??= fallback.port;
  }
  return { host, port, ssl: options.ssl ?? (sandbox ? false : { rejectUnauthorized: true }) };
}

/**
 * A pg client connected to the organization's own database as its integration account (`{user, credential}` from
 * `getOrganizationIntegrationAccount`, so the caller must be an owner), on the database named by
 * `getOrganizationDatabaseName`, at the address of `resolveOrganizationDatabaseAddress`. Close it with `end()`.
 * @throws InputError (before sending), the API errors, OrganizationDatabaseError when connecting fails.
 * @example const db = await connectToOrganizationDatabase(ol, organizationId); await db.query("SELECT 1"); await db.end();
 */
export async function connectToOrganizationDatabase(
  openLattice: OpenLattice | OrganizationsApi,
  organizationId: string,
  options: OrganizationDatabaseOptions = {},
): Promise<pg.Client> {
  const organizations = openLattice instanceof OrganizationsApi ? openLattice : openLattice?.organizations;
  if (!(organizations instanceof OrganizationsApi))
    throw new InputError("openLattice", "must be connect()'s OpenLattice or an OrganizationsApi");
  check.uuid("organizationId", organizationId);
  const timeout = options.connectionTimeoutMillis ?? 30_000;
  if (!(Number.isInteger(timeout) && timeout > 0))
    throw new InputError("options.connectionTimeoutMillis", "must be a whole number of ms > 0", timeout);

  const { host, port, ssl } = await resolveOrganizationDatabaseAddress(organizations.client, options);
  const database = await organizations.getOrganizationDatabaseName(organizationId);
  const { user, credential } = await organizations.getOrganizationIntegrationAccount(organizationId);
  const client = new pg.Client({
    host,
    port,
    ssl,
    database,
    user,
    password: credential,
    connectionTimeoutMillis: timeout,
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    const copy = redactedError(error, [credential, encodeURIComponent(credential)]);
    const where = `the database ${database} of organization ${organizationId} at ${host}:${port} as ${user}`;
    throw new OrganizationDatabaseError(`Could not connect to ${where}: ${copy.message}`, { cause: copy });
  }
}

async function sandboxPostgres(client: ApiClient): Promise<{ host: string; port: number }> {
  try {
    return await new SandboxApi(client).getPostgres();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const hint = "set OPENLATTICE_DB_HOST and OPENLATTICE_DB_PORT, or pass { host, port }";
    throw new OrganizationDatabaseError(
      `${client.configuration.host} does not say where its databases are (no GET /sandbox/postgres): ${hint}`,
      { cause: error },
    );
  }
}
