import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { repoRoot } from "../helpers/paths.js";

/**
 * No module imports, directly or through others, a module that imports it back. `import type` counts too: a
 * type-only cycle is erased at run time, but it still ties the two modules' concerns together, and none is needed.
 */

const FOLDERS = ["lib", "sandbox", "tools", "bench", "tests"];

/** The project's TypeScript sources, by path from the root (`lib/client.ts`), with their text. */
function projectSources(): Map<string, string> {
  const paths = FOLDERS.flatMap((folder) =>
    readdirSync(join(repoRoot, folder), { recursive: true, encoding: "utf8" }).map((file) =>
      posix.join(folder, file.split("\\").join("/")),
    ),
  );
  const sources = paths.filter((path) => path.endsWith(".ts") && !path.endsWith(".d.ts"));
  return new Map(sources.map((path) => [path, readFileSync(join(repoRoot, path), "utf8")]));
}

/** Each file and the files of `sources` it imports or re-exports, as TypeScript's own pre-processor reads them. */
function importGraph(sources: Map<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [path, text] of sources) {
    const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
    const local = specifiers
      .filter((s) => s.startsWith("."))
      .map((s) => posix.join(posix.dirname(path), s).replace(/\.js$/, ".ts"));
    graph.set(path, [...new Set(local.filter((file) => sources.has(file)))]);
  }
  return graph;
}

/** One chain per group of files that import each other (`a.ts → b.ts → a.ts`): the shortest cycle through its first file. */
function cycles(graph: Map<string, string[]>): string[] {
  return stronglyConnected(graph)
    .filter((group) => group.length > 1 || graph.get(group[0]!)!.includes(group[0]!))
    .map((group) => shortestCycle(graph, new Set(group), group.sort()[0]!).join(" → "));
}

/** Tarjan's strongly connected components. */
function stronglyConnected(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const next of graph.get(file)!) {
      if (!index.has(next)) visit(next);
      if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, low.get(next)!));
    }
    if (low.get(file) === index.get(file)) groups.push(stack.splice(stack.indexOf(file)));
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return groups;
}

/** `start`, the files a shortest path of imports within `group` leads through, and `start` again. */
function shortestCycle(graph: Map<string, string[]>, group: Set<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (const file of queue) {
    for (const next of graph.get(file)!.filter((n) => group.has(n))) {
      if (next === start) return [...pathTo(cameFrom, file, start), start];
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, file);
      queue.push(next);
    }
  }
  throw new Error(`${start} is in no cycle`);
}

function pathTo(cameFrom: Map<string, string>, file: string, start: string): string[] {
  const path = [file];
  while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
  return path;
}

describe("import cycles", () => {
  const graph = importGraph(projectSources());

  it("none among lib/, sandbox/, tools/, bench/ and tests/", () => {
    assert.deepEqual(cycles(graph), []);
  });

  it("the graph holds the project's imports, re-exports and type-only imports", () => {
    assert.ok(graph.size > 200, `${graph.size} files read`);
    assert.ok(graph.get("lib/client.ts")!.includes("lib/modes.ts"), "an import");
    assert.ok(graph.get("lib/index.ts")!.includes("lib/client.ts"), "a re-export");
    assert.ok(graph.get("lib/confirmation.ts")!.includes("lib/client.ts"), "an import type");
  });

  it("names each cycle as a chain of files, the shortest through its first file", () => {
    const sources = new Map([
      ["lib/a.ts", 'import { b } from "./b.js";'],
      ["lib/b.ts", 'import type { C } from "../sandbox/c.js";\nexport const b = 1;'],
      ["sandbox/c.ts", 'export { a } from "../lib/a.js";\nimport "./d.js";'],
      ["sandbox/d.ts", 'import { a } from "../lib/a.js";\nimport { z } from "zod";'],
      ["sandbox/e.ts", 'import { e } from "./e.js";'],
      ["tests/f.ts", 'import { a } from "../lib/a.js";'],
    ]);
    assert.deepEqual(cycles(importGraph(sources)).sort(), [
      "lib/a.ts → lib/b.ts → sandbox/c.ts → lib/a.ts",
      "sandbox/e.ts → sandbox/e.ts",
    ]);
  });
});
