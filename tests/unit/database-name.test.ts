import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultDatabaseName } from "../../lib/database-name.js";
import { InputError } from "../../lib/errors.js";
import { defaultDatabaseName as sandboxDatabaseName } from "../../sandbox/services/organizations.js";

test("defaultDatabaseName is the name the sandbox gives a new organization's database", () => {
  assert.equal(defaultDatabaseName("279b202f-6170-4f14-b021-ea904f758e27"), "org_279b202f61704f14b021ea904f758e27");
  for (const id of ["279B202F-6170-4F14-B021-EA904F758E27", "00000000-0000-4000-8000-000000000000"]) {
    assert.equal(defaultDatabaseName(id), sandboxDatabaseName(id));
  }
});

test("defaultDatabaseName refuses what is not an organization id", () => {
  assert.throws(() => defaultDatabaseName("not-a-uuid"), (e: unknown) => e instanceof InputError && /organizationId must be a UUID/.test(e.message));
});
