import assert from "node:assert/strict";
import { test } from "node:test";
import type { z } from "zod";
import { check, parseArgument } from "../../lib/api/args.js";
import { InputError } from "../../lib/errors.js";
import { NewRole } from "../../lib/schemas/organization.js";
import {
  DatabaseName,
  Description,
  EmailDomain,
  EmailDomains,
  RolePrincipal,
  Title,
  UserSearchTerm,
} from "../../lib/schemas/input.js";
import { parseInput } from "../../sandbox/http/body.js";
import { HttpError } from "../../sandbox/http/errors.js";

// One rule, two voices: the client's InputError before sending and the sandbox's 400, each as the tests elsewhere assert.
/** A rule, a value that breaks it, the client's message for it (as the argument `title`; none for a part of a body) and the sandbox's. */
const BROKEN: [rule: z.ZodType, value: unknown, client: string | undefined, sandbox: string][] = [
  [Title, " \t", "title must be a non-blank string", "Title cannot be blank."],
  [Description, 42, "title must be a string", "Expected string, received number"],
  [EmailDomain, " ", "title must be a non-blank string", "E-mail domains cannot be blank."],
  [
    EmailDomains,
    ["example.org", " "],
    "title must be an array of non-blank strings",
    "1: E-mail domains cannot be blank.",
  ],
  [
    DatabaseName,
    "db_1234",
    "title must be 8 to 50 characters long",
    "Database name db_1234 is invalid: names must be between 8 and 50 characters, inclusive.",
  ],
  [
    DatabaseName,
    "d".repeat(51),
    "title must be 8 to 50 characters long",
    `Database name ${"d".repeat(51)} is invalid: names must be between 8 and 50 characters, inclusive.`,
  ],
  [RolePrincipal.shape.type, "USER", undefined, "Role principal type must be ROLE"],
  [RolePrincipal.shape.id, " ", undefined, "Role principal id cannot be blank."],
  [UserSearchTerm.email, "", "title must be a non-blank string", "email cannot be blank"],
  [UserSearchTerm.name, " ", "title must be a non-blank string", "name cannot be blank"],
];

test("a value that breaks an input rule is refused by the client and by the sandbox, each in its own words", () => {
  for (const [rule, value, client, sandbox] of BROKEN) {
    if (client)
      assert.throws(
        () => check.follows("title", rule, value),
        (e: unknown) => e instanceof InputError && e.message.startsWith(client),
        client,
      );
    assert.throws(
      () => parseInput(rule, value),
      (e: unknown) => e instanceof HttpError && e.status === 400 && e.message === sandbox,
      sandbox,
    );
  }
});

test("a role body that breaks a rule is refused by the client naming the field, in the words of the other checks", () => {
  const role = {
    organizationId: "279b202f-6170-4f14-b021-ea904f758e27",
    title: "Analysts",
    principal: { type: "ROLE", id: "x|Analysts" },
  };
  const refused = (body: unknown, message: RegExp) =>
    assert.throws(
      () => parseArgument("role", NewRole, body),
      (e: unknown) => e instanceof InputError && message.test(e.message),
      String(message),
    );
  refused({ ...role, title: " " }, /^role\.title must be a non-blank string, got " "$/);
  refused({ ...role, principal: { type: "USER", id: "x" } }, /^role\.principal\.type must be one of ROLE, got "USER"$/);
  refused({ ...role, principal: { type: "ROLE", id: "" } }, /^role\.principal\.id must be a non-blank string/);
  refused({ ...role, organizationId: "279b" }, /^role\.organizationId must be a UUID, got "279b"$/);
  refused({ ...role, organizationId: undefined }, /^role\.organizationId is required$/);
});

test("a value that follows a rule passes both sides: the client sends it as given, the sandbox reads it as the rule does", () => {
  assert.equal(check.follows("title", Title, "  Analysts "), "  Analysts ");
  assert.equal(parseInput(Title, "  Analysts "), "Analysts");
  assert.equal(parseInput(EmailDomain, " example.org "), "example.org");
  assert.equal(check.follows("name", DatabaseName, "org_db_test_renamed"), "org_db_test_renamed");
  assert.equal(parseInput(DatabaseName, "x".repeat(50)), "x".repeat(50));
});
