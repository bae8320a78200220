import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { EntitySetFlags, NewOrganization, Organization } from "../../lib/schemas/index.js";
import { issueMessage } from "../../lib/schemas/messages.js";
import { ORG, organization } from "./display-fixtures.js";

/** Each issue as `path: message`, parsed as the library parses what users see. */
function messages(schema: z.ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value, { error: issueMessage });
  assert.ok(!parsed.success, "the schema accepted it");
  return parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("issueMessage", () => {
  it("says Required, the type expected and received, Invalid uuid and which key", () => {
    const { title: _, ...untitled } = organization();
    assert.deepEqual(messages(Organization, { ...untitled, id: "not-a-uuid", apps: [5], members: null }), [
      "id: Invalid uuid",
      "title: Required",
      "members: Expected array, received null",
      "apps.0: Expected string, received number",
    ]);
    assert.deepEqual(messages(EntitySetFlags, { [ORG]: ["INTERNAL"], abc: ["INTERNAL"] }), [
      "abc: Invalid key (Invalid uuid)",
    ]);
  });

  it("a schema's own message comes first; zod's words stay for the other issues", () => {
    const principal = { type: "ORGANIZATION", id: "x" };
    assert.deepEqual(messages(NewOrganization, { title: " ", principal }), ["title: Title cannot be blank."]);
    assert.deepEqual(messages(z.object({ n: z.number().positive() }), { n: -1 }), [
      "n: Too small: expected number to be >0",
    ]);
  });
});
