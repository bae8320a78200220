import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultDatabaseName } from "../../lib/database-name.js";
import { InputError } from "../../lib/errors.js";

test("defaultDatabaseName is org_ and the id without dashes, in lower case", () => {
  assert.equal(defaultDatabaseName("279b202f-6170-4f14-b021-ea904f758e27"), "org_279b202f61704f14b021ea904f758e27");
  assert.equal(defaultDatabaseName("279B202F-6170-4F14-B021-EA904F758E27"), "org_279b202f61704f14b021ea904f758e27");
});

test("defaultDatabaseName refuses what is not an organization id", () => {
  assert.throws(
    () => defaultDatabaseName("not-a-uuid"),
    (e: unknown) => e instanceof InputError && /organizationId must be a UUID/.test(e.message),
  );
});
