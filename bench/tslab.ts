import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SAMPLE_ORGANIZATION } from "../sandbox/seed/organizations.js";
import { repoRoot } from "../tests/helpers/paths.js";
import { runNotebook } from "../tools/notebook/runner.js";
import { startBenchSandbox } from "./sandbox.js";
import { median, type Row, time } from "./stats.js";

const CELLS = 10;
const WARMUP = 2;

/** One code cell per source, as nbformat 4 stores them. */
export function notebookJson(sources: string[]): string {
  const cells = sources.map((source) => ({ cell_type: "code", source, metadata: {}, outputs: [], execution_count: null }));
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "tslab", language: "typescript" } }, cells });
}

/** The one-call cells compared, by the name shown in the table; `i` numbers the declared variables. */
const VARIANTS: Array<[string, (i: number) => string]> = [
  ["`await getOrganization(id)`, result displayed", () => "await organizationsApi.getOrganization(organizationId)"],
  ["`const t = (await getOrganization(id)).title;`", (i) => `const title${i} = (await organizationsApi.getOrganization(organizationId)).title;`],
  ["`const o = await getOrganization(id);`", (i) => `const organization${i} = await organizationsApi.getOrganization(organizationId);`],
];

/**
 * A one-call cell run in the real tslab kernel (the runner's per-cell times) against the same call in plain
 * Node: as an expression whose result the notebook displays, and declaring a variable, of a string or of the
 * zod-inferred Organization. Medians of 10 cells of each after 2 warm-up cells.
 */
export async function tslabBenchmark(): Promise<Row[]> {
  const bench = await startBenchSandbox();
  const dir = mkdtempSync(join(tmpdir(), "ol-bench-tslab-"));
  try {
    const path = join(notebookFolder(dir), "one-call.ipynb");
    const setup = `import { ApiClient, OrganizationsApi, loadConfiguration } from "../dist/lib/index.js";
const organizationsApi = new OrganizationsApi(new ApiClient(loadConfiguration()));
const organizationId = process.env.ORGANIZATION_ID!;`;
    const count = WARMUP + CELLS;
    const cells = VARIANTS.flatMap(([, source]) => Array.from({ length: count }, (_, i) => source(i)));
    writeFileSync(path, notebookJson([setup, ...cells]));

    const plain = () => plainCalls(() => bench.owner.organizations.getOrganization(SAMPLE_ORGANIZATION.id), CELLS / 2);
    const before = await plain();
    const env = { OPENLATTICE_BASE_URL: bench.url, OPENLATTICE_JWT: bench.ownerToken, ORGANIZATION_ID: SAMPLE_ORGANIZATION.id };
    const result = await runNotebook(path, { env });
    if (!result.ok) throw new Error(`the one-call notebook failed at cell ${result.failedCell?.index}: ${result.failedCell?.errorText}`);
    const baseline = median([...before, ...(await plain())]);
    return VARIANTS.map(([name], v) => {
      const first = 1 + v * count + WARMUP;
      const ms = result.cells.filter((c) => c.index >= first && c.index < first + CELLS).map((c) => c.ms);
      return { name: `tslab cell ${name}`, measured: median(ms), baseline, baselineName: "the same call in plain Node", unit: "ms" };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await bench.close();
  }
}

/**
 * Makes `<dir>/notebooks/` beside links to the kit's dist/ and node_modules/, and returns it: a notebook there
 * imports the library as the tutorial's do (`../dist/lib/index.js`), and tslab finds zod's types for what it declares.
 */
export function notebookFolder(dir: string): string {
  for (const link of ["dist", "node_modules"]) symlinkSync(join(repoRoot, link), join(dir, link));
  mkdirSync(join(dir, "notebooks"));
  return join(dir, "notebooks");
}

async function plainCalls(call: () => Promise<unknown>, count: number): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(await time(call));
  return times;
}
