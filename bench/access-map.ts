import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { accessMap } from "../lib/access-map/index.js";
import { readAccessInput } from "../lib/access-map/input.js";
import { accessPicture } from "../lib/access-map/matrix.js";
import { accessMapText } from "../lib/access-map/text.js";
import { sampleDocument } from "../tests/helpers/access-documents.js";
import { repoRoot } from "../tests/helpers/paths.js";
import { tslabConverters } from "../tests/helpers/tslab-converters.js";
import { median, type Row, sideBySide, time } from "./stats.js";

const LIBRARY = join(repoRoot, "dist", "lib", "index.js");
const ROUNDS = 5;
/** Cells of each kind converted per round, every one with new text as a user types them. */
const CELLS = 20;

/**
 * What drawing with Vega-Lite and vega costs: loading them in a fresh Node (against loading the library alone),
 * drawing 30 members × 8 roles and 300 × 10 (against the same picture as text, which needs neither), and
 * type-checking a notebook cell that draws one in tslab's converter (against a cell that shows a list of members).
 */
export async function accessMapBenchmark(): Promise<Row[]> {
  const rows: Row[] = [await coldImport()];
  for (const [members, roles] of [
    [30, 8],
    [300, 10],
  ] as const) {
    const document = sampleDocument(members, roles);
    const { measured, baseline } = await sideBySide(
      () => accessMap(document),
      async () => accessMapText(accessPicture(readAccessInput(document))),
      20,
    );
    rows.push({
      name: `access map of ${members} members × ${roles} roles, drawn as SVG`,
      measured,
      baseline,
      baselineName: "the same as text",
      unit: "ms",
    });
  }
  rows.push(cellCompile());
  return rows;
}

/** A fresh Node importing the library and then vega and vega-lite (what the first `accessMap` call loads). */
async function coldImport(): Promise<Row> {
  const importing = (vega: boolean) => () =>
    time(async () => {
      const extra = vega ? `await import("vega"); await import("vega-lite");` : "";
      execFileSync(
        process.execPath,
        ["--input-type=module", "-e", `await import(${JSON.stringify(LIBRARY)}); ${extra}`],
        { cwd: repoRoot },
      );
    });
  const [withVega, alone]: [number[], number[]] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    withVega.push(await importing(true)());
    alone.push(await importing(false)());
  }
  return {
    name: "a fresh Node loading the library, then vega and vega-lite",
    measured: median(withVega),
    baseline: median(alone),
    baselineName: "the library alone",
    unit: "ms",
  };
}

const PRELUDE = `import { accessMap, connect, show } from "../dist/lib/index.js";
const ol = connect();
const document = { title: "Clinic", roles: [{ title: "Analysts" }], members: [{ email: "a@example.org", roles: ["Analysts"] }] };`;
const drawing = (k: number) => `const map${k} = await accessMap(document); // ${k}\nshow(map${k});`;
const listing = (k: number) =>
  `const members${k} = await ol.organizations.getMembers("279b202f-6170-4f14-b021-ea904f758e27"); // ${k}\nshow(members${k});`;

/** tslab's converter (as installed) in the notebooks' folder: cells drawing an access map against cells showing members. */
function cellCompile(): Row {
  const { patched } = tslabConverters();
  const cwd = process.cwd();
  process.chdir(join(repoRoot, "notebooks"));
  const times: [number[], number[]] = [[], []];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const converter = patched.createConverter();
      let declarations = converter.convert("", PRELUDE).declOutput ?? "";
      for (let k = 0; k < CELLS; k++) {
        for (const which of k % 2 ? [1, 0] : [0, 1]) {
          const started = performance.now();
          const result = converter.convert(declarations, (which === 0 ? drawing : listing)(round * CELLS + k));
          times[which]!.push(performance.now() - started);
          if (result.diagnostics.length)
            throw new Error(`cell failed to compile: ${result.diagnostics[0]!.messageText}`);
          declarations = result.declOutput ?? declarations;
        }
      }
      converter.close();
    }
  } finally {
    process.chdir(cwd);
  }
  return {
    name: "tslab compiling a cell that draws an access map",
    measured: median(times[0]),
    baseline: median(times[1]),
    baselineName: "a cell showing members",
    unit: "ms",
  };
}
