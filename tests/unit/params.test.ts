import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { InputError } from "../../lib/errors.js";
import { NotebookParameterError, notebookParams } from "../../lib/params.js";

const ORG = "279b202f-6170-4f14-b021-ea904f758e27";
const schema = z.object({
  ORGANIZATION_ID: z.string().uuid(),
  LIMIT: z.number().int().positive().default(10),
  VERBOSE: z.boolean().default(false),
  SERVICE_TOKEN: z.string().optional(),
});

/** The error notebookParams throws for `env`. */
function failure(env: Record<string, string>): NotebookParameterError {
  try {
    notebookParams(schema, env);
  } catch (error) {
    assert.ok(error instanceof NotebookParameterError && error instanceof InputError);
    return error;
  }
  assert.fail("expected a NotebookParameterError");
}

describe("notebookParams", () => {
  it("reads each key from the environment, turning text into numbers and booleans", () => {
    const params = notebookParams(schema, {
      ORGANIZATION_ID: ORG,
      LIMIT: " 25 ",
      VERBOSE: "yes",
      SERVICE_TOKEN: "t",
      OTHER: "x",
    });
    assert.deepEqual(params, { ORGANIZATION_ID: ORG, LIMIT: 25, VERBOSE: true, SERVICE_TOKEN: "t" });
    for (const [text, value] of [
      ["true", true],
      ["1", true],
      ["ON", true],
      ["false", false],
      ["0", false],
      ["no", false],
      ["off", false],
    ] as const) {
      assert.equal(notebookParams(schema, { ORGANIZATION_ID: ORG, VERBOSE: text }).VERBOSE, value, text);
    }
  });

  it("applies defaults to unset and blank variables; reads process.env by default", () => {
    assert.deepEqual(notebookParams(schema, { ORGANIZATION_ID: ORG, LIMIT: "", VERBOSE: "  " }), {
      ORGANIZATION_ID: ORG,
      LIMIT: 10,
      VERBOSE: false,
    });
    process.env.NOTEBOOK_PARAMS_TEST_ID = ORG;
    try {
      assert.deepEqual(notebookParams(z.object({ NOTEBOOK_PARAMS_TEST_ID: z.string() })), {
        NOTEBOOK_PARAMS_TEST_ID: ORG,
      });
    } finally {
      delete process.env.NOTEBOOK_PARAMS_TEST_ID;
    }
  });

  it("sees through optional, default, refinements and brands to coerce", () => {
    const wrapped = z.object({
      N: z
        .number()
        .optional()
        .refine((n) => n !== 3, "must not be 3")
        .default(1),
      B: z.boolean().brand("flag").nullable(),
    });
    assert.deepEqual(notebookParams(wrapped, { N: "2.5", B: "off" }), { N: 2.5, B: false });
  });

  it("lists every missing or invalid parameter with how to pass it", () => {
    const error = failure({ LIMIT: "many", VERBOSE: "maybe" });
    assert.deepEqual(error.problems, [
      { name: "ORGANIZATION_ID", problem: "missing; pass --param ORGANIZATION_ID=<value>" },
      { name: "LIMIT", problem: 'must be a number, got "many"; pass --param LIMIT=<number>' },
      { name: "VERBOSE", problem: 'must be a boolean, got "maybe"; pass --param VERBOSE=<true|false>' },
    ]);
    assert.equal(
      error.message,
      "notebook parameters are missing or invalid (run with --param NAME=value, or set NAME in the environment):\n" +
        "  ORGANIZATION_ID: missing; pass --param ORGANIZATION_ID=<value>\n" +
        '  LIMIT: must be a number, got "many"; pass --param LIMIT=<number>\n' +
        '  VERBOSE: must be a boolean, got "maybe"; pass --param VERBOSE=<true|false>',
    );
    assert.deepEqual(
      failure({ ORGANIZATION_ID: "abc", LIMIT: "-1" }).problems.map((p) => p.problem),
      [
        'Invalid UUID, got "abc"; pass --param ORGANIZATION_ID=<value>',
        "Too small: expected number to be >0, got -1; pass --param LIMIT=<number>",
      ],
    );
  });

  it("never shows the value of a secret-named parameter", () => {
    const secrets = z.object({ DB_PASSWORD: z.string().min(20), API_TOKEN: z.number() });
    assert.throws(
      () => notebookParams(secrets, { DB_PASSWORD: "hunter2-short", API_TOKEN: "tok-123" }),
      (error: unknown) => {
        assert.ok(error instanceof NotebookParameterError);
        assert.deepEqual(
          error.problems.map((p) => p.problem),
          [
            "Too small: expected string to have >=20 characters, got [redacted]; pass --param DB_PASSWORD=<value>",
            "must be a number, got [redacted]; pass --param API_TOKEN=<number>",
          ],
        );
        assert.ok(!/hunter2|tok-123/.test(error.message + error.stack));
        return true;
      },
    );
  });

  it("refuses a schema that is not a z.object of parameter names", () => {
    assert.throws(() => notebookParams(z.string() as never, {}), {
      message: /^schema must be a z\.object\(\{\.\.\.\}\) of parameters/,
    });
    assert.throws(() => notebookParams(z.object({ organizationId: z.string() }), {}), {
      message: /^schema key "organizationId" must be a parameter name like ORGANIZATION_ID/,
    });
  });
});
