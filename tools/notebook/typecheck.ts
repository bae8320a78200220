/**
 * Type-checks notebooks' code cells with the project's TypeScript, the way tslab compiles them: each cell is a module
 * that sees the top-level names of the cells above it (the latest declaration of a name wins) and may use top-level
 * await; the compiler options are tslab's (not strict, Node10 resolution, ESNext modules). A renamed library method
 * is then reported in seconds, naming the notebook and the cell.
 */
import { basename, dirname, join, resolve } from "node:path";
import ts from "typescript";
import { sourceText, type Notebook } from "./runner.js";

/** One problem in one cell; `cell` counts every cell from 1, markdown included (as `npm run notebook` does). */
export interface CellDiagnostic {
  notebook: string;
  cell: number;
  line: number;
  column: number;
  message: string;
}

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
};

interface CellFile {
  notebook: string;
  cell: number;
  text: string;
  /** Where the cell's own source ends and the generated imports and exports begin. */
  sourceEnd: number;
}

/** `text` of a code cell, made a module: its own names exported, the earlier cells' names imported, lines unchanged. */
function cellModule(
  source: string,
  fileName: string,
  earlier: Map<string, string>,
): { text: string; declared: string[] } {
  const declared = topLevelNames(ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022));
  const imports = new Map<string, string[]>();
  for (const [name, from] of earlier)
    if (!declared.includes(name)) imports.set(from, [...(imports.get(from) ?? []), name]);
  const tail = [...imports].map(([from, names]) => `import { ${names.join(", ")} } from "./${from}";`);
  if (declared.length) tail.push(`export { ${declared.join(", ")} };`);
  return { text: `${source}\n;export {};${tail.join("")}\n`, declared };
}

/** The names a cell declares at its top level: variables (destructured too), functions, classes, types, imports. */
function topLevelNames(file: ts.SourceFile): string[] {
  const names: string[] = [];
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach((d) => bind(d.name));
    else if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.push(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) bindings.elements.forEach((e) => names.push(e.name.text));
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
  }
  return [...new Set(names)];
}

/**
 * Type-checks the code cells of each notebook (`path` places it, for resolving its imports; `notebook` is its
 * content). Cells tagged `skip-execution` are checked too: they are code a reader may run.
 */
export function typeCheckNotebooks(notebooks: Array<{ path: string; notebook: Notebook }>): CellDiagnostic[] {
  const files = new Map<string, CellFile>();
  for (const { path, notebook } of notebooks) {
    const earlier = new Map<string, string>();
    notebook.cells.forEach((cell, index) => {
      const source = sourceText(cell);
      if (cell.cell_type !== "code" || !source.trim()) return;
      const base = `${basename(path)}.cell-${index + 1}`;
      const fileName = join(dirname(resolve(path)), `${base}.ts`);
      const { text, declared } = cellModule(source, fileName, earlier);
      for (const name of declared) earlier.set(name, base);
      files.set(fileName, { notebook: path, cell: index + 1, text, sourceEnd: source.length });
    });
  }
  const host = ts.createCompilerHost(OPTIONS);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name)?.text ?? readFile(name);
  host.getSourceFile = (name, language, ...rest) => {
    const file = files.get(name);
    return file ? ts.createSourceFile(name, file.text, language) : getSourceFile(name, language, ...rest);
  };
  const program = ts.createProgram([...files.keys()], OPTIONS, host);
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) => ({
    notebook: "(compiler options)",
    cell: 0,
    line: 0,
    column: 0,
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
  const checker = program.getTypeChecker();
  for (const [fileName, file] of files) {
    const sourceFile = program.getSourceFile(fileName)!;
    const report = (start: number, message: string): void => {
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
      diagnostics.push({ notebook: file.notebook, cell: file.cell, line: line + 1, column: character + 1, message });
    };
    for (const d of [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]) {
      report(d.start ?? 0, ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    }
    for (const name of shorthandsOfEarlierCells(sourceFile, file.sourceEnd, checker)) {
      report(
        name.getStart(sourceFile),
        `{ ${name.text} } names a variable of an earlier cell, which tslab 1.0.22 runs as a ReferenceError`,
      );
    }
  }
  return diagnostics;
}

/**
 * Shorthand properties (`{ organizationId }`) whose variable comes from an earlier cell: tslab rewrites a reference to
 * an earlier cell's variable into `exports.<name>` but misses this form, so the cell fails at run time.
 */
function shorthandsOfEarlierCells(file: ts.SourceFile, sourceEnd: number, checker: ts.TypeChecker): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      const declarations = checker.getShorthandAssignmentValueSymbol(node)?.declarations ?? [];
      if (declarations.some((d) => d.getSourceFile() === file && d.pos >= sourceEnd)) found.push(node.name);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** One diagnostic as a line: `notebooks/01-organizations.ipynb cell 17, line 9:3: Property … does not exist …`. */
export function formatDiagnostic({ notebook, cell, line, column, message }: CellDiagnostic): string {
  return `${notebook} cell ${cell}, line ${line}:${column}: ${message}`;
}
