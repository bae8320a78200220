import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { repoRoot } from "../helpers/paths.js";

/**
 * The library's public types are plain interfaces written out by hand (notebooks type-check them in a few
 * milliseconds, where zod's inferred types take tens); each must equal what its schema of the same name
 * validates, checked here by the TypeScript compiler.
 */

const INDEX = join(repoRoot, "lib/index.ts");
const CHECKS = join(repoRoot, "tests/unit/schema-types.check.ts");
/** Body types a caller writes: compared with what the schema accepts; every other type with what it returns. */
const INPUTS = new Set(["NewOrganization", "NewPropertyType", "NewRole"]);

/**
 * Identical structure, intersections merged (zod's `.passthrough()` output is `{…} & {[k: string]: unknown}`,
 * the interface's an index signature): `same<A, B>(true)` compiles only when A and B are the same type.
 */
const SAME = `
type Flat<T> = T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
type Same<A, B> = (<T>() => T extends Flat<A> ? 1 : 2) extends (<T>() => T extends Flat<B> ? 1 : 2) ? true : false;
declare function same<A, B>(equal: Same<A, B>): void;
`;

const { options } = ts.parseJsonConfigFileContent(
  ts.readConfigFile(join(repoRoot, "tsconfig.json"), ts.sys.readFile).config,
  ts.sys,
  repoRoot,
);

/** A program over the library and, when given, a checks file held in memory. */
function program(checks?: string, oldProgram?: ts.Program): ts.Program {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === CHECKS && checks !== undefined
      ? ts.createSourceFile(name, checks, language)
      : getSourceFile(name, language, ...rest);
  return ts.createProgram({
    rootNames: checks === undefined ? [INDEX] : [INDEX, CHECKS],
    options: { ...options, noEmit: true },
    host,
    oldProgram,
  });
}

/** Every name the library exports both as a zod schema and as a type, with the type's declarations. */
function schemaTypes(library: ts.Program): Map<string, ts.Declaration[]> {
  const checker = library.getTypeChecker();
  const pairs = new Map<string, ts.Declaration[]>();
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(library.getSourceFile(INDEX)!)!)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const isSchema = symbol.flags & ts.SymbolFlags.Variable && checker.getTypeOfSymbol(symbol).getProperty("_output");
    if (isSchema && symbol.flags & ts.SymbolFlags.Type)
      pairs.set(
        symbol.name,
        symbol.declarations!.filter((d) => !ts.isVariableDeclaration(d)),
      );
  }
  return pairs;
}

/** The compiler's errors on the checks file, each with the line it is on. */
function errorsIn(checks: string, oldProgram?: ts.Program): string[] {
  const checked = program(checks, oldProgram);
  return ts.getPreEmitDiagnostics(checked, checked.getSourceFile(CHECKS)).map((d) => {
    const line =
      d.file && d.start !== undefined ? checks.split("\n")[d.file.getLineAndCharacterOfPosition(d.start).line] : "";
    return `${line}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

describe("public types", () => {
  const library = program();
  const pairs = schemaTypes(library);

  it("cover the schemas notebooks meet, each an interface or a type written out", () => {
    for (const name of [
      "Organization",
      "OrganizationMember",
      "SecurablePrincipal",
      "Role",
      "UserProfile",
      "NewOrganization",
      "EntitySet",
      "Acl",
    ]) {
      assert.ok(pairs.has(name), `${name} is exported as a schema and a type`);
    }
    for (const [name, declarations] of pairs) {
      for (const declaration of declarations) {
        const written =
          ts.isInterfaceDeclaration(declaration) ||
          (ts.isTypeAliasDeclaration(declaration) && !/\bz\.|typeof/.test(declaration.type.getText()));
        assert.ok(written, `${name} is declared as ${declaration.getText()}`);
      }
    }
  });

  it("each equal what its schema validates (z.infer, or z.input for the bodies a caller writes)", () => {
    const names = [...pairs.keys()];
    const lines = names.map(
      (name) => `same<${name}, (typeof ${name})["${INPUTS.has(name) ? "_input" : "_output"}"]>(true);`,
    );
    const checks = `import { ${names.join(", ")} } from "../../lib/index.js";\n${SAME}\n${lines.join("\n")}\n`;
    assert.deepEqual(errorsIn(checks, library), []);
  });

  it("the check fails on a type that has drifted from its schema", () => {
    const drifted = [
      ["a field missing", "{ id: string; [key: string]: unknown }"],
      ["a field's type changed", "{ id: string; title: number; [key: string]: unknown }"],
      ["an optional field made required", "{ id: string; title: string; note: string; [key: string]: unknown }"],
      ["unknown keys no longer passed through", "{ id: string; title: string; note?: string }"],
    ];
    const schema = `const Thing = z.object({ id: z.string(), title: z.string(), note: z.string().optional() }).passthrough();`;
    const checks = drifted.map(
      ([, type], i) => `interface Thing${i} ${type}\nsame<Thing${i}, (typeof Thing)["_output"]>(true);`,
    );
    const source = `import { z } from "zod";\n${SAME}\n${schema}\n${checks.join("\n")}\n`;
    assert.equal(errorsIn(source, library).length, drifted.length, "one error for each drifted type");
    const exact = `import { z } from "zod";\n${SAME}\n${schema}\ninterface Thing { id: string; title: string; note?: string; [key: string]: unknown }\nsame<Thing, (typeof Thing)["_output"]>(true);\n`;
    assert.deepEqual(errorsIn(exact, library), []);
  });
});
