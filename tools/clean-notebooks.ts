// `npm run notebooks:clean`: notebooks are committed without outputs. Strips outputs, execution counts and
// editor metadata from notebooks/*.ipynb (or the files named) and writes them as Jupyter does (sorted keys,
// one-space indent). `--check` changes nothing and exits 1, naming each notebook that is not clean.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCommandLine, runCommand } from "./command-line.js";

/** The metadata kept: the kernel for the notebook; for cells, tags (e.g. raises-exception) and `jupyter` (a collapsed source). */
const NOTEBOOK_METADATA = ["kernelspec", "language_info"];
const CELL_METADATA = ["tags", "jupyter"];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Cell = {
  cell_type: string;
  metadata?: Record<string, Json>;
  outputs?: Json[];
  execution_count?: Json;
  source?: Json;
};
type Notebook = { metadata?: Record<string, Json>; cells: Cell[] };

const pick = (meta: Record<string, Json> = {}, keys: string[]) =>
  Object.fromEntries(Object.entries(meta).filter(([k]) => keys.includes(k)));

/** The notebook without outputs, execution counts and metadata noise; sources as lists of lines. */
export function cleanNotebook(nb: Notebook): Notebook {
  const cells = nb.cells.map((cell) => {
    const clean: Cell = { ...cell, metadata: pick(cell.metadata, CELL_METADATA) };
    if (typeof cell.source === "string") clean.source = cell.source.split(/(?<=\n)/);
    if (cell.cell_type === "code") Object.assign(clean, { outputs: [], execution_count: null });
    return clean;
  });
  return { ...nb, metadata: pick(nb.metadata, NOTEBOOK_METADATA), cells };
}

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v && typeof v === "object"
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        )
      : v;

/** nbformat's own layout: sorted keys, indent 1, a final newline. */
export const serialize = (nb: Notebook): string => `${JSON.stringify(sortKeys(nb), null, 1)}\n`;

/** What cleaning would change in a notebook's text; empty when it is clean. */
export function problems(text: string): string[] {
  const nb = JSON.parse(text) as Notebook;
  const code = nb.cells.filter((c) => c.cell_type === "code");
  const count = (test: (c: Cell) => boolean, what: string) => {
    const n = code.filter(test).length;
    return n ? [`${what} in ${n} cell${n === 1 ? "" : "s"}`] : [];
  };
  const found = [
    ...count((c) => (c.outputs ?? []).length > 0, "outputs"),
    ...count((c) => c.execution_count != null, "execution counts"),
  ];
  const cleaned = serialize(cleanNotebook(nb));
  if (!found.length && cleaned !== text)
    found.push(serialize(nb) === text ? "metadata noise" : "not in Jupyter's layout");
  return found;
}

const USAGE = "usage: npm run notebooks:clean [-- --check] [-- <notebook.ipynb>...]   (default: notebooks/*.ipynb)";

function main(): number {
  const root = fileURLToPath(new URL("../..", import.meta.url)); // dist/tools/ → the repository
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    allowPositionals: true,
    options: { check: { type: "boolean" } },
  });
  const dir = join(root, "notebooks");
  const files = positionals.length
    ? positionals
    : readdirSync(dir)
        .filter((f) => f.endsWith(".ipynb"))
        .sort()
        .map((f) => join(dir, f));
  let dirty = 0;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const found = problems(text);
    if (!found.length) continue;
    dirty++;
    const rel = relative(process.cwd(), file);
    const name = rel && !rel.startsWith("..") ? rel : file;
    if (values.check) {
      console.error(`${name}: ${found.join(", ")}; run npm run notebooks:clean`);
    } else {
      writeFileSync(file, serialize(cleanNotebook(JSON.parse(text) as Notebook)));
      console.log(`cleaned ${name}: ${found.join(", ")}`);
    }
  }
  return values.check && dirty ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  await runCommand("notebooks:clean", USAGE, main);
