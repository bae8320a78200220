import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SAMPLE_ORGANIZATION } from "../sandbox/seed/organizations.js";
import { runNotebook } from "../tools/notebook/runner.js";
import { startBenchSandbox } from "./sandbox.js";
import { median, type Row, time } from "./stats.js";
import { asScript, notebookFolder, notebookJson, runScript } from "./notebook-files.js";

/** Kernels started, one after the other; each runs the whole notebook below. */
const ROUNDS = 3;
/** Declaring cells per kernel, each followed by an expression cell. */
const STEPS = 50;
/** A cell row's goal: at most this many ms over the same call in plain Node (the first API cell: `FIRST_OVER`). */
const CELL_OVER = 30;
const FIRST_OVER = 100;

const SETUP = `import { ApiClient, OrganizationsApi, loadConfiguration } from "../dist/lib/index.js";
const organizationsApi = new OrganizationsApi(new ApiClient(loadConfiguration()));
const organizationId = process.env.ORGANIZATION_ID!;`;
/** The k-th declaring cell: a variable of the library's `Organization` type, as exploring a notebook makes them. */
const declaring = (k: number) => `const organization${k} = await organizationsApi.getOrganization(organizationId);`;
/** The k-th expression cell: the same call, its result displayed; the comment makes its text new. */
const expression = (k: number) => `// look again (${k})\nawait organizationsApi.getOrganization(organizationId)`;

/** One kernel's times: from starting it to the setup cell's answer, then every cell's own time by kind and step. */
interface KernelRun {
  startMs: number;
  declaring: number[];
  expression: number[];
}

/**
 * Cells as a user types them, every one with new text (tslab reuses its compiled program only for identical text),
 * in the real tslab kernel through the notebook runner, against the same `getOrganization` call in plain Node:
 * starting the kernel to the first answer, the first API cell, declaring and expression cells at the 5th and the
 * 50th step of one kernel (medians of steps 4–6 and 48–50 over the rounds).
 */
export async function tslabBenchmark(): Promise<Row[]> {
  const bench = await startBenchSandbox();
  const dir = mkdtempSync(join(tmpdir(), "ol-bench-tslab-"));
  try {
    const folder = notebookFolder(dir);
    const path = join(folder, "cells.ipynb");
    const steps = Array.from({ length: STEPS }, (_, i) => [declaring(i + 1), expression(i + 1)]).flat();
    writeFileSync(path, notebookJson([SETUP, ...steps]));
    const script = join(folder, "setup.mjs");
    writeFileSync(script, asScript([SETUP]));
    const env = {
      OPENLATTICE_BASE_URL: bench.url,
      OPENLATTICE_JWT: bench.ownerToken,
      ORGANIZATION_ID: SAMPLE_ORGANIZATION.id,
    };

    const call = () => bench.owner.organizations.getOrganization(SAMPLE_ORGANIZATION.id);
    for (let i = 0; i < 3; i++) await call();
    const plainCalls: number[] = [];
    const plainStarts: number[] = [];
    const runs: KernelRun[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < 5; i++) plainCalls.push(await time(call));
      plainStarts.push(await time(() => runScript(script, env).then((failure) => assert.equal(failure, ""))));
      runs.push(await runKernel(path, env));
    }
    const at = (kind: "declaring" | "expression", from: number, to: number) =>
      median(runs.flatMap((run) => run[kind].slice(from - 1, to)));
    const baseline = { baseline: median(plainCalls), baselineName: "the same call in plain Node", unit: "ms" };
    return [
      {
        name: "tslab: kernel start to the first cell's answer (importing the library)",
        measured: median(runs.map((run) => run.startMs)),
        baseline: median(plainStarts),
        baselineName: "a Node process running the same cell",
        unit: "ms",
      },
      {
        name: "tslab: first API cell in a fresh kernel, `const o = await getOrganization(id)`",
        measured: at("declaring", 1, 1),
        ...baseline,
        maxOver: FIRST_OVER,
      },
      {
        name: "tslab: declaring cell `const oN = await getOrganization(id)`, 5th of the kernel",
        measured: at("declaring", 4, 6),
        ...baseline,
        maxOver: CELL_OVER,
      },
      {
        name: "tslab: declaring cell, 50th of the kernel",
        measured: at("declaring", 48, 50),
        ...baseline,
        maxOver: CELL_OVER,
      },
      {
        name: "tslab: new expression cell `await getOrganization(id)`, displayed, after 5 declaring cells",
        measured: at("expression", 4, 6),
        ...baseline,
        maxOver: CELL_OVER,
      },
      {
        name: "tslab: new expression cell, after 50 declaring cells",
        measured: at("expression", 48, 50),
        ...baseline,
        maxOver: CELL_OVER,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await bench.close();
  }
}

async function runKernel(path: string, env: Record<string, string>): Promise<KernelRun> {
  const started = performance.now();
  let startMs = 0;
  const result = await runNotebook(path, { env, onCell: () => void (startMs ||= performance.now() - started) });
  if (!result.ok)
    throw new Error(
      `the benchmark notebook failed at cell ${result.failedCell?.index}: ${result.failedCell?.errorText}`,
    );
  const times = result.cells.slice(1).map((cell) => cell.ms);
  return { startMs, declaring: times.filter((_, i) => i % 2 === 0), expression: times.filter((_, i) => i % 2 === 1) };
}
