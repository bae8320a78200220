import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Configuration, loadConfiguration } from "../../lib/config.js";
import { InputError, MissingTokenError, TokenError, TokenExpiredError } from "../../lib/errors.js";
import { testJwt } from "../helpers/tokens.js";

const fileToken = testJwt({ sub: "from-file" });
const envToken = testJwt({ sub: "from-env" });
const optionToken = testJwt({ sub: "from-option" });

// repo/.env with a nested repo/notebooks/deeper cwd, as notebooks run
const root = mkdtempSync(join(tmpdir(), "ol-config-"));
const nested = join(root, "notebooks", "deeper");
mkdirSync(nested, { recursive: true });
writeFileSync(
  join(root, ".env"),
  `# comment\nOPENLATTICE_BASE_URL=" https://file.example.org/ "\nOPENLATTICE_JWT=${fileToken}\n`,
);
const empty = mkdtempSync(join(tmpdir(), "ol-config-empty-"));
after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

const subjectOf = (configuration: Configuration) => configuration.user.id;

describe("loadConfiguration precedence", () => {
  it("finds the nearest .env walking up from a nested cwd", () => {
    const configuration = loadConfiguration({ cwd: nested, env: {} });
    assert.equal(configuration.host, "https://file.example.org");
    assert.equal(subjectOf(configuration), "from-file");
  });

  it("prefers the environment over the .env file, trimming values", () => {
    const configuration = loadConfiguration({
      cwd: nested,
      env: { OPENLATTICE_BASE_URL: "  http://env.example.org:9000//  ", OPENLATTICE_JWT: `\t${envToken} \n` },
    });
    assert.equal(configuration.host, "http://env.example.org:9000");
    assert.equal(subjectOf(configuration), "from-env");
  });

  it("prefers explicit options over both", () => {
    const configuration = loadConfiguration({
      cwd: nested,
      env: { OPENLATTICE_BASE_URL: "http://env.example.org", OPENLATTICE_JWT: envToken },
      host: "https://api.openlattice.com/",
      accessToken: optionToken,
    });
    assert.equal(configuration.host, "https://api.openlattice.com");
    assert.equal(subjectOf(configuration), "from-option");
  });

  it("treats blank values as unset, so an empty variable does not hide the .env file", () => {
    const configuration = loadConfiguration({ cwd: nested, env: { OPENLATTICE_JWT: "  ", OPENLATTICE_BASE_URL: "" } });
    assert.equal(subjectOf(configuration), "from-file");
  });

  it("falls back to the default host", () => {
    const configuration = loadConfiguration({ cwd: empty, env: { OPENLATTICE_JWT: envToken } });
    assert.equal(configuration.host, "http://localhost:8080");
  });

  it("reads an explicit envFile, and none with envFile: false", () => {
    assert.equal(subjectOf(loadConfiguration({ cwd: empty, env: {}, envFile: join(root, ".env") })), "from-file");
    assert.throws(() => loadConfiguration({ cwd: nested, env: {}, envFile: false }), MissingTokenError);
    assert.throws(() => loadConfiguration({ cwd: empty, env: {}, envFile: "missing.env" }), /envFile does not exist/);
  });

  it("prints nothing and leaves process.env untouched", () => {
    const before = { ...process.env };
    const writes: unknown[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: unknown) => (writes.push(chunk), true)) as typeof process.stdout.write;
    try {
      loadConfiguration({ cwd: nested });
    } finally {
      process.stdout.write = original;
    }
    assert.deepEqual(writes, []);
    assert.deepEqual({ ...process.env }, before);
  });

  it("a missing token names OPENLATTICE_JWT and where to get one", () => {
    assert.throws(
      () => loadConfiguration({ cwd: empty, env: {} }),
      (error: unknown) => {
        assert.ok(error instanceof MissingTokenError);
        assert.match(error.message, /OPENLATTICE_JWT/);
        assert.match(error.message, /npm run -s sandbox:token -- owner/);
        assert.match(error.message, /account page/);
        return true;
      },
    );
    assert.equal(loadConfiguration({ cwd: empty, env: {}, requireToken: false }).accessToken, "");
  });

  it("rejects a base URL that is not http(s), naming the variable", () => {
    assert.throws(
      () => loadConfiguration({ cwd: empty, env: { OPENLATTICE_BASE_URL: "ftp://x.org", OPENLATTICE_JWT: envToken } }),
      (error: unknown) =>
        error instanceof InputError &&
        /^OPENLATTICE_BASE_URL must be an http\(s\) URL.*got "ftp:\/\/x.org"/.test(error.message),
    );
    assert.throws(
      () =>
        loadConfiguration({ cwd: empty, env: { OPENLATTICE_BASE_URL: "localhost:8080", OPENLATTICE_JWT: envToken } }),
      /OPENLATTICE_BASE_URL/,
    );
    assert.throws(
      () => loadConfiguration({ host: "nope", accessToken: envToken, cwd: empty, env: {} }),
      (error: unknown) => error instanceof InputError && /^host must be/.test(error.message),
    );
  });
});

describe("Configuration", () => {
  it("mirrors the Python client: host and accessToken are settable", () => {
    const configuration = new Configuration();
    assert.equal(configuration.host, "http://localhost:8080");
    assert.equal(configuration.accessToken, "");
    configuration.host = "https://api.openlattice.com/";
    configuration.accessToken = `Bearer ${envToken}`;
    assert.equal(configuration.host, "https://api.openlattice.com");
    assert.equal(configuration.accessToken, envToken);
    assert.throws(() => (configuration.host = "api.openlattice.com"), /host must be an http\(s\) URL/);
  });

  it("user comes from the decoded token", () => {
    const configuration = new Configuration({
      accessToken: testJwt({ sub: "u1", email: "u@x.org", exp: 4102444800, roles: ["admin"] }),
    });
    assert.deepEqual(configuration.user, {
      id: "u1",
      email: "u@x.org",
      expiresAt: new Date(4102444800 * 1000),
      isAdmin: true,
    });
  });

  it("checkToken: expired, missing, malformed, valid", () => {
    const expiring = new Configuration({ accessToken: testJwt({ sub: "u1", exp: 1700000000 }) });
    assert.throws(
      () => expiring.checkToken(new Date(1700000000 * 1000 + 1)),
      (error: unknown) => error instanceof TokenExpiredError && error.message.includes("2023-11-14T22:13:20.000Z"),
    );
    assert.equal(expiring.checkToken(new Date(1699999999 * 1000)).subject, "u1");
    assert.throws(() => new Configuration().checkToken(), MissingTokenError);
    assert.throws(() => new Configuration({ accessToken: "abc" }).checkToken(), TokenError);
    assert.equal(new Configuration({ accessToken: testJwt({ sub: "dev" }) }).checkToken().expiresAt, undefined);
  });
});
