import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { inspect } from "node:util";
import dotenv from "dotenv";
import { InputError, MissingTokenError, TokenExpiredError } from "./errors.js";
import { REDACTED } from "./redaction.js";
import { parseMode, type ClientMode } from "./modes.js";
import { decodeToken, type TokenInfo } from "./token.js";

/** The local sandbox (`npm start`). */
export const DEFAULT_BASE_URL = "http://localhost:8080";

export interface ConfigurationOptions {
  /** API root without `/datastore`, e.g. `https://api.openlattice.com`. Default `http://localhost:8080`. */
  host?: string;
  /** The JWT (Auth0 id_token). A leading `Bearer ` is dropped. */
  accessToken?: string;
  /** Host of the organization databases' PostgreSQL server. Unset: the sandbox's, or `atlas.openlattice.com`. */
  databaseHost?: string;
  /** Its port. Unset: the sandbox's, or 30001. */
  databasePort?: number;
  /** What clients on this configuration do with calls that may change something: see ClientMode. Default `normal`. */
  mode?: ClientMode;
}

/** Who the token belongs to. */
export interface TokenUser {
  id: string;
  email?: string;
  expiresAt?: Date;
  isAdmin: boolean;
}

/**
 * Where and as whom to call the API; mirrors the Python client's `configuration.host` / `configuration.access_token`.
 * The token is kept in a private field: `JSON.stringify` and `util.inspect` show `accessToken: "[redacted]"`.
 * @example const configuration = new Configuration({ host: "https://api.openlattice.com", accessToken: jwt });
 */
export class Configuration {
  #host = DEFAULT_BASE_URL;
  #token = "";
  #decoded?: { token: string; info: TokenInfo };
  #databaseHost?: string;
  #databasePort?: number;
  #mode: ClientMode = "normal";

  constructor(options: ConfigurationOptions = {}) {
    if (options.host !== undefined) this.host = options.host;
    if (options.accessToken !== undefined) this.accessToken = options.accessToken;
    if (options.databaseHost !== undefined) this.databaseHost = options.databaseHost;
    if (options.databasePort !== undefined) this.databasePort = options.databasePort;
    if (options.mode !== undefined) this.mode = options.mode;
  }

  /** The API root, validated as an http(s) URL, trailing slashes removed. */
  get host(): string {
    return this.#host;
  }
  set host(value: string) {
    this.#host = normalizeBaseUrl(value, "host");
  }

  /** The JWT sent as `Authorization: Bearer ...`; empty when not set. */
  get accessToken(): string {
    return this.#token;
  }
  set accessToken(value: string) {
    this.#token = clean(value)?.replace(/^Bearer\s+/i, "") ?? "";
  }

  /** Host of the organization databases (`connectToOrganizationDatabase`); undefined = not configured. */
  get databaseHost(): string | undefined {
    return this.#databaseHost;
  }
  set databaseHost(value: string | undefined) {
    this.#databaseHost = value === undefined ? undefined : normalizeDatabaseHost(value, "databaseHost");
  }

  /** Port of the organization databases; undefined = not configured. */
  get databasePort(): number | undefined {
    return this.#databasePort;
  }
  set databasePort(value: number | undefined) {
    this.#databasePort = value === undefined ? undefined : parseDatabasePort(value, "databasePort");
  }

  /** `normal`, `read-only` or `dry-run` (see ClientMode); used by every ApiClient not given a mode of its own. */
  get mode(): ClientMode {
    return this.#mode;
  }
  set mode(value: ClientMode) {
    this.#mode = parseMode(value, "mode");
  }

  /** The token's holder. @throws MissingTokenError, TokenError */
  get user(): TokenUser {
    const { subject, email, expiresAt, isAdmin } = this.#info();
    return { id: subject, email, expiresAt, isAdmin };
  }

  /**
   * Checks the token is present, decodable and not expired at `now`, and returns what it says.
   * @throws MissingTokenError, TokenError (malformed), TokenExpiredError
   */
  checkToken(now: Date = new Date()): TokenInfo {
    const info = this.#info();
    if (info.expiresAt && info.expiresAt.getTime() <= now.getTime()) throw new TokenExpiredError(info.expiresAt);
    return info;
  }

  /** Host, `accessToken: "[redacted]"` and who/expiry: safe to print. */
  toJSON(): Record<string, unknown> {
    const summary: Record<string, unknown> = { host: this.#host, accessToken: this.#token ? REDACTED : "(not set)" };
    if (this.#databaseHost !== undefined) summary.databaseHost = this.#databaseHost;
    if (this.#databasePort !== undefined) summary.databasePort = this.#databasePort;
    if (this.#mode !== "normal") summary.mode = this.#mode;
    if (!this.#token) return summary;
    try {
      const { id, email, expiresAt, isAdmin } = this.user;
      return { ...summary, user: { id, email, isAdmin }, expiresAt: expiresAt?.toISOString() ?? "never" };
    } catch (error) {
      return { ...summary, tokenProblem: (error as Error).message };
    }
  }

  [inspect.custom](_depth: number, options: object): string {
    return `Configuration ${inspect(this.toJSON(), options)}`;
  }

  #info(): TokenInfo {
    if (!this.#token) throw new MissingTokenError();
    if (this.#decoded?.token !== this.#token) this.#decoded = { token: this.#token, info: decodeToken(this.#token) };
    return this.#decoded.info;
  }
}

export interface LoadConfigurationOptions extends ConfigurationOptions {
  /** A specific .env file, or `false` to read none. Default: the nearest `.env` walking up from `cwd`. */
  envFile?: string | false;
  /** Environment to read instead of `process.env`. */
  env?: Record<string, string | undefined>;
  /** Where the .env search starts. Default `process.cwd()`. */
  cwd?: string;
  /** Throw MissingTokenError when no token is found. Default true. */
  requireToken?: boolean;
}

/**
 * Builds a Configuration. Each setting comes from, in order: explicit options, the environment
 * (`OPENLATTICE_BASE_URL`, `OPENLATTICE_JWT`, and the optional `OPENLATTICE_DB_HOST`, `OPENLATTICE_DB_PORT`, `OPENLATTICE_MODE`),
 * the nearest `.env` file (read quietly, process.env untouched), defaults.
 * @throws MissingTokenError (naming OPENLATTICE_JWT) when no token is found, InputError for a bad base URL, database host, port or mode.
 * @example const configuration = loadConfiguration(); // from a notebook in notebooks/, reads ../.env
 */
export function loadConfiguration(options: LoadConfigurationOptions = {}): Configuration {
  const env = options.env ?? process.env;
  const file = options.envFile === false ? undefined : (options.envFile ?? findEnvFile(options.cwd ?? process.cwd()));
  const fileVars = file ? readEnvFile(resolve(options.cwd ?? process.cwd(), file)) : {};

  const pick = (explicit: string | undefined, option: string, name: string): { value?: string; source: string } => {
    if (clean(explicit) !== undefined) return { value: explicit, source: option };
    if (clean(env[name]) !== undefined) return { value: env[name], source: name };
    if (clean(fileVars[name]) !== undefined) return { value: fileVars[name], source: `${name} (from ${file})` };
    return { source: name };
  };
  const host = pick(options.host, "host", "OPENLATTICE_BASE_URL");
  const token = pick(options.accessToken, "accessToken", "OPENLATTICE_JWT");
  const dbHost = pick(options.databaseHost, "databaseHost", "OPENLATTICE_DB_HOST");
  const dbPort = pick(
    options.databasePort === undefined ? undefined : String(options.databasePort),
    "databasePort",
    "OPENLATTICE_DB_PORT",
  );
  const mode = pick(options.mode, "mode", "OPENLATTICE_MODE");

  const configuration = new Configuration({ accessToken: token.value });
  if (host.value !== undefined) configuration.host = normalizeBaseUrl(host.value, host.source);
  if (dbHost.value !== undefined) configuration.databaseHost = normalizeDatabaseHost(dbHost.value, dbHost.source);
  if (dbPort.value !== undefined) configuration.databasePort = parseDatabasePort(dbPort.value, dbPort.source);
  if (mode.value !== undefined) configuration.mode = parseMode(mode.value, mode.source);
  if (!configuration.accessToken && options.requireToken !== false) throw new MissingTokenError();
  return configuration;
}

/** The nearest `.env` file in `from` or one of its parents. */
export function findEnvFile(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, ".env");
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) throw new InputError("envFile", "does not exist", path);
  return dotenv.parse(readFileSync(path, "utf8"));
}

/** The one trimming helper: trimmed text, or undefined when absent or blank. */
function clean(value: string | undefined): string | undefined {
  const trimmed = typeof value === "string" ? value.trim() : undefined;
  return trimmed ? trimmed : undefined;
}

function normalizeBaseUrl(value: string, name: string): string {
  const text = clean(value) ?? "";
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new InputError(name, "must be an http(s) URL such as https://api.openlattice.com", text);
  }
  return text.replace(/\/+$/, "");
}

/** A database host: a host name or IP address (IPv6 with or without brackets); not a URL, and without a port. */
export function normalizeDatabaseHost(value: string, name: string): string {
  const text = clean(value)?.replace(/^\[([0-9a-f:.]+)\]$/i, "$1") ?? "";
  const ipv6 = /^[0-9a-f:.]+$/i.test(text) && (text.match(/:/g)?.length ?? 0) >= 2;
  if (!text || /[\s/@]/.test(text) || (text.includes(":") && !ipv6)) {
    throw new InputError(
      name,
      "must be a host name or IP address without scheme or port, such as atlas.openlattice.com",
      value,
    );
  }
  return text;
}

/** A database port, 1–65535, from a number or its digits. */
export function parseDatabasePort(value: string | number, name: string): number {
  const text = typeof value === "number" ? String(value) : (clean(value) ?? "");
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new InputError(name, "must be a port number from 1 to 65535", value);
  return port;
}
