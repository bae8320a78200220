import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OrganizationsApi } from "../../lib/api/organizations.js";
import { ApiClient } from "../../lib/client.js";
import { Configuration } from "../../lib/config.js";
import { ConfirmationRequiredError, InputError } from "../../lib/errors.js";
import { isLocalSandbox, requireConfirmation } from "../../lib/confirmation.js";
import { recordingFetch } from "../helpers/fake-client.js";
import { TOKEN } from "../helpers/tokens.js";

const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const ROLE = "5e2762e6-bfac-44c9-808a-97fe75c80ded";
const USER = "google-oauth2|1061";
const REMOTE = "https://api.openlattice.com";

/** An OrganizationsApi on `host` whose fetch records each call and answers 200 with an empty body. */
function apiOn(host: string) {
  const { fetch, sent } = recordingFetch(host);
  return {
    api: new OrganizationsApi(new ApiClient(new Configuration({ host, accessToken: TOKEN }), { fetch, maxRetries: 0 })),
    sent,
  };
}

type Options = { confirm?: string } | undefined;
// Each destructive call with the target its confirmation must name.
const destructive: [string, (api: OrganizationsApi, options: Options) => Promise<void>, string][] = [
  ["destroyOrganization", (a, o) => a.destroyOrganization(ORG, o), ORG],
  ["deleteRole", (a, o) => a.deleteRole(ORG, ROLE, o), ROLE],
  ["removeMember", (a, o) => a.removeMember(ORG, USER, o), USER],
  ["removeRoleFromUser", (a, o) => a.removeRoleFromUser(ORG, ROLE, USER, o), USER],
  ["renameOrganizationDatabase", (a, o) => a.renameOrganizationDatabase(ORG, "org_db_renamed", o), ORG],
];

const refusal = (action: string, target: string, got?: string) => (error: unknown) => {
  assert.ok(error instanceof ConfirmationRequiredError && error instanceof InputError, String(error));
  assert.equal(error.target, target);
  assert.ok(error.message.includes(`pass { confirm: ${JSON.stringify(target)} }`), error.message);
  assert.ok(error.message.includes(action), error.message);
  if (got === undefined)
    assert.match(
      error.message,
      /is required for .* on https:\/\/api\.openlattice\.com \(any host but the local sandbox\)/,
    );
  else assert.ok(error.message.endsWith(`, got ${JSON.stringify(got)}`), error.message);
  return true;
};

describe("destructive calls off the local sandbox", () => {
  for (const [action, call, target] of destructive) {
    it(`${action} needs { confirm: ${target === ORG ? "organizationId" : target === ROLE ? "roleId" : "userId"} }`, async () => {
      const { api, sent } = apiOn(REMOTE);
      await assert.rejects(call(api, undefined), refusal(action, target));
      await assert.rejects(call(api, {}), refusal(action, target));
      await assert.rejects(call(api, { confirm: "something-else" }), refusal(action, target, "something-else"));
      assert.deepEqual(sent, [], "nothing is sent when refused");
      await call(api, { confirm: target });
      assert.equal(sent.length, 1);
    });
  }

  it("other hosts count as remote, whatever their name", async () => {
    for (const host of ["http://ol.test", "http://10.0.0.5:8080", "http://localhost.example.org"]) {
      const { api, sent } = apiOn(host);
      await assert.rejects(api.destroyOrganization(ORG), ConfirmationRequiredError);
      assert.deepEqual(sent, []);
    }
  });

  it("a bad argument is reported before the confirmation", async () => {
    const { api, sent } = apiOn(REMOTE);
    await assert.rejects(
      api.destroyOrganization("abc"),
      (e: unknown) => e instanceof InputError && /^organizationId must be a UUID/.test(e.message),
    );
    await assert.rejects(api.renameOrganizationDatabase(ORG, "short"), {
      message: /^name must be 8 to 50 characters long/,
    });
    await assert.rejects(api.destroyOrganization(ORG, "yes" as never), {
      message: /^options must be an object such as \{ confirm: "<id>" \}, got "yes"$/,
    });
    assert.deepEqual(sent, []);
  });
});

describe("destructive calls on the local sandbox", () => {
  for (const host of ["http://localhost:8080", "http://127.0.0.1:9000", "http://[::1]:8080"]) {
    it(`need no confirmation on ${host}, but a given one is checked`, async () => {
      const { api, sent } = apiOn(host);
      for (const [action, call, target] of destructive) {
        await call(api, undefined);
        await call(api, { confirm: target });
        await assert.rejects(
          call(api, { confirm: "wrong" }),
          (e: unknown) => e instanceof ConfirmationRequiredError && e.message.includes(action),
        );
      }
      assert.equal(sent.length, destructive.length * 2, "the refused calls sent nothing");
    });
  }
});

describe("requireConfirmation", () => {
  const client = (host: string) => new ApiClient(new Configuration({ host, accessToken: TOKEN }));

  it("is the rule other destructive calls reuse", () => {
    assert.doesNotThrow(() => requireConfirmation(client("http://localhost:8080"), "t", undefined));
    assert.doesNotThrow(() => requireConfirmation(client(REMOTE), "t", "t"));
    assert.throws(() => requireConfirmation(client(REMOTE), "t", undefined, "applyBulkChanges"), {
      message: /^options\.confirm is required for applyBulkChanges on https:\/\/api\.openlattice\.com/,
    });
    assert.throws(
      () => requireConfirmation(client("http://localhost:8080"), "t", 7),
      /must be "t" for this call on http:\/\/localhost:8080: .*, got 7$/,
    );
  });

  it("never shows credentials of the base URL", () => {
    const error = (() => {
      try {
        requireConfirmation(client("https://user:hunter2@api.example.org/"), "t", undefined);
      } catch (e) {
        return e as Error;
      }
    })();
    assert.ok(
      error && !error.message.includes("hunter2") && error.message.includes("https://api.example.org"),
      error?.message,
    );
  });

  it("isLocalSandbox knows localhost, 127.0.0.1 and ::1 only", () => {
    assert.deepEqual(
      [
        "http://localhost",
        "http://LOCALHOST:1",
        "http://127.0.0.1:8080",
        "http://[::1]:8080",
        "http://127.0.0.2",
        REMOTE,
      ].map(isLocalSandbox),
      [true, true, true, true, false, false],
    );
  });
});
