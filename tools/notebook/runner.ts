/**
 * Runs an nbformat 4 notebook top to bottom in one tslab kernel and records the outputs. Cell tags as nbclient reads
 * them: `skip-execution` leaves the cell unrun; `raises-exception` expects an error there and the run goes on.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { setTimeout } from "node:timers/promises";
import { PARAMETER_NAME } from "../../lib/params.js";
import { isSecretName, redact, REDACTED } from "../../lib/redaction.js";
import { Kernel, KernelTimeoutError, type Message } from "./kernel.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type MimeBundle = Record<string, Json>;

export type Output =
  | { output_type: "stream"; name: string; text: string }
  | { output_type: "display_data"; data: MimeBundle; metadata: MimeBundle }
  | { output_type: "execute_result"; data: MimeBundle; metadata: MimeBundle; execution_count: number | null }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: Record<string, Json>;
  outputs?: Output[];
  execution_count?: number | null;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, Json>;
  cells: Cell[];
}

export interface RunOptions {
  /** Where to write the executed notebook (same file name); nothing is written without it. */
  outDir?: string;
  /** Variables merged over process.env for the kernel (not recorded). */
  env?: Record<string, string>;
  /**
   * The notebook's parameters (`--param NAME=value`): variables of the kernel, merged over `env`, and recorded in the
   * executed copy's `metadata.openlattice.parameters`, a secret-named value (TOKEN, JWT, SECRET, PASSWORD,
   * CREDENTIAL, API_KEY and the like: `isSecretName`) as "[redacted]". Names must match PARAMETER_NAME.
   */
  params?: Record<string, string>;
  /** A cell running longer than this is stopped by killing the kernel (default 10 minutes). */
  cellTimeoutMs?: number;
  /** Called after each cell (skipped ones too) and awaited before the next cell runs. */
  onCell?: (cell: CellResult) => void | Promise<void>;
}

export interface CellResult {
  /** Position in the notebook's `cells` (0-based, markdown cells included). */
  index: number;
  ms: number;
  /** `expected-error`: the cell failed and is tagged `raises-exception`; `skipped`: tagged `skip-execution`. */
  status: "ok" | "error" | "expected-error" | "timeout" | "skipped";
}

export interface RunResult {
  ok: boolean;
  cells: CellResult[];
  failedCell?: { index: number; source: string; errorText: string };
  outputPath?: string;
}

/** The input is missing or is not an nbformat 4 notebook. */
export class NotebookInputError extends Error {}

export function readNotebook(path: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(readFileSync(path, "utf8")) as Notebook;
  } catch (err) {
    throw new NotebookInputError(`cannot read notebook ${path}: ${(err as Error).message}`);
  }
  if (nb?.nbformat !== 4 || !Array.isArray(nb.cells))
    throw new NotebookInputError(`${path} is not an nbformat 4 notebook`);
  return nb;
}

/** A cell's text (nbformat stores it as a string or a list of lines). */
export const sourceText = (cell: Cell): string => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const hasTag = (cell: Cell, tag: string): boolean =>
  Array.isArray(cell.metadata.tags) && cell.metadata.tags.includes(tag);

/** The text of the notebook's code cells, in order. */
export function codeSources(path: string): string[] {
  return readNotebook(path)
    .cells.filter((cell) => cell.cell_type === "code")
    .map(sourceText);
}

/**
 * One `--param` argument, `NAME=value`, as [name, value].
 * @throws NotebookInputError when the `=` is missing or the name does not match PARAMETER_NAME.
 */
export function parseParam(text: string): [string, string] {
  const at = text.indexOf("=");
  if (at < 0)
    throw new NotebookInputError(
      `--param ${JSON.stringify(redact(text))} must be NAME=value, e.g. --param ORGANIZATION_ID=<uuid>`,
    );
  const name = text.slice(0, at);
  checkParamName(name);
  return [name, text.slice(at + 1)];
}

function checkParamName(name: string): void {
  if (!PARAMETER_NAME.test(name)) {
    const shown = JSON.stringify(redact(name));
    throw new NotebookInputError(
      `parameter name ${shown} must match ${PARAMETER_NAME} (capitals, digits and _, e.g. ORGANIZATION_ID)`,
    );
  }
}

/** Writes the parameters into `metadata.openlattice.parameters` (secret-named values redacted), or drops stale ones. */
function recordParams(nb: Notebook, params: Record<string, string>): void {
  const previous = nb.metadata.openlattice;
  const openlattice = previous && typeof previous === "object" && !Array.isArray(previous) ? { ...previous } : {};
  const entries = Object.entries(params);
  if (entries.length)
    openlattice.parameters = Object.fromEntries(entries.map(([k, v]) => [k, isSecretName(k) ? REDACTED : redact(v)]));
  else delete openlattice.parameters;
  if (Object.keys(openlattice).length) nb.metadata.openlattice = openlattice;
  else delete nb.metadata.openlattice;
}

/**
 * Runs the notebook at `path` in a fresh tslab kernel, stopping at the first failing cell (a cell tagged
 * `raises-exception` may fail; one tagged `skip-execution` is not run); writes the executed copy under
 * `options.outDir` when given.
 * @throws NotebookInputError for an unreadable notebook or a bad parameter name, before the kernel starts.
 */
export async function runNotebook(path: string, options: RunOptions = {}): Promise<RunResult> {
  const params = options.params ?? {};
  Object.keys(params).forEach(checkParamName);
  const nb = readNotebook(path);
  nb.metadata ??= {};
  recordParams(nb, params);
  const codeCells = nb.cells.filter((cell) => cell.cell_type === "code");
  for (const cell of codeCells) {
    cell.metadata ??= {};
    cell.outputs = [];
    cell.execution_count = null;
    delete cell.metadata.execution;
  }
  const timeoutMs = options.cellTimeoutMs ?? 600_000;
  const result: RunResult = { ok: true, cells: [] };
  const kernel = await Kernel.start({
    cwd: dirname(resolve(path)),
    env: { ...process.env, ...options.env, ...params },
  });
  const displays = new Map<string, Array<{ data: MimeBundle; metadata: MimeBundle }>>();
  const report = async (cellResult: CellResult): Promise<void> => {
    result.cells.push(cellResult);
    await options.onCell?.(cellResult);
  };
  try {
    for (const [index, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code" || !sourceText(cell).trim()) continue;
      if (hasTag(cell, "skip-execution")) {
        await report({ index, ms: 0, status: "skipped" });
        continue;
      }
      const outputs: Output[] = (cell.outputs = []);
      const started = new Date();
      let status: CellResult["status"] = "ok";
      let failure = "";
      try {
        const reply = await executeCell(kernel, sourceText(cell), (msg) => record(msg, outputs, displays), timeoutMs);
        cell.execution_count = (reply.content.execution_count as number | undefined) ?? null;
        if (reply.content.status !== "ok") status = hasTag(cell, "raises-exception") ? "expected-error" : "error";
      } catch (err) {
        status = err instanceof KernelTimeoutError ? "timeout" : "error";
        failure =
          status === "timeout"
            ? `cell did not finish within ${timeoutMs} ms; the kernel was killed`
            : (err as Error).message;
        kernel.kill();
      }
      const finished = new Date();
      cell.metadata.execution = {
        "iopub.execute_input": started.toISOString(),
        "shell.execute_reply": finished.toISOString(),
      };
      await report({ index, ms: finished.getTime() - started.getTime(), status });
      if (status === "error" || status === "timeout") {
        result.ok = false;
        result.failedCell = {
          index,
          source: sourceText(cell),
          errorText: [errorText(outputs), failure].filter(Boolean).join("\n"),
        };
        break;
      }
    }
  } finally {
    await kernel.shutdown();
  }
  if (options.outDir) {
    mkdirSync(options.outDir, { recursive: true });
    result.outputPath = join(options.outDir, basename(path));
    writeFileSync(result.outputPath, toJupyterJson(nb));
  }
  return result;
}

/**
 * tslab answers `abort`, running nothing, to every request it gets within 200 ms after a failed cell (it ignores
 * `stop_on_error`); after a `raises-exception` cell the next one is sent again until it runs.
 */
async function executeCell(
  kernel: Kernel,
  code: string,
  onIopub: (msg: Message) => void,
  timeoutMs: number,
): Promise<Message> {
  for (let attempt = 1; ; attempt++) {
    const reply = await kernel.execute(code, onIopub, timeoutMs);
    if (reply.content.status !== "abort" || attempt === 10) return reply;
    await setTimeout(100);
  }
}

/** Converts one iopub message into nbformat outputs; update_display_data rewrites the earlier display in place. */
function record(
  msg: Message,
  outputs: Output[],
  displays: Map<string, Array<{ data: MimeBundle; metadata: MimeBundle }>>,
): void {
  const c = msg.content;
  const data = (c.data ?? {}) as MimeBundle;
  const metadata = (c.metadata ?? {}) as MimeBundle;
  const displayId = (c.transient as { display_id?: string } | undefined)?.display_id;
  switch (msg.header.msg_type) {
    case "stream": {
      const last = outputs.at(-1);
      if (last?.output_type === "stream" && last.name === c.name) last.text += c.text as string;
      else outputs.push({ output_type: "stream", name: c.name as string, text: c.text as string });
      return;
    }
    case "display_data":
    case "execute_result": {
      const output: Output =
        msg.header.msg_type === "display_data"
          ? { output_type: "display_data", data, metadata }
          : {
              output_type: "execute_result",
              data,
              metadata,
              execution_count: (c.execution_count as number | undefined) ?? null,
            };
      outputs.push(output);
      if (displayId) displays.set(displayId, [...(displays.get(displayId) ?? []), output]);
      return;
    }
    case "update_display_data":
      for (const output of displays.get(displayId ?? "") ?? []) Object.assign(output, { data, metadata });
      return;
    case "error":
      outputs.push({
        output_type: "error",
        ename: c.ename as string,
        evalue: c.evalue as string,
        traceback: c.traceback as string[],
      });
  }
}

/** tslab reports a failure only in execute_reply; its explanation is what the cell wrote to stderr. */
function errorText(outputs: Output[]): string {
  return outputs
    .map((o) =>
      o.output_type === "error"
        ? o.traceback.join("\n")
        : o.output_type === "stream" && o.name === "stderr"
          ? o.text
          : "",
    )
    .join("")
    .trim();
}

/** Serializes like nbformat: sorted keys, 1-space indent, multi-line text stored as lists of lines. */
export function toJupyterJson(nb: Notebook): string {
  const lines = (text: Json): Json => (typeof text !== "string" ? text : text ? text.split(/(?<=\n)/) : []);
  const splitBundle = (data: MimeBundle): MimeBundle =>
    Object.fromEntries(
      Object.entries(data).map(([mime, v]) => [
        mime,
        mime.startsWith("text/") || mime === "image/svg+xml" ? lines(v) : v,
      ]),
    );
  const cells = nb.cells.map((cell) => ({
    ...cell,
    source: lines(cell.source),
    ...(cell.outputs && {
      outputs: cell.outputs.map((o) =>
        o.output_type === "stream"
          ? { ...o, text: lines(o.text) }
          : "data" in o
            ? { ...o, data: splitBundle(o.data) }
            : o,
      ),
    }),
  }));
  const sortKeys = (_key: string, value: unknown): unknown =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value;
  return JSON.stringify({ ...nb, cells }, sortKeys, 1) + "\n";
}
