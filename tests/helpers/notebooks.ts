import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SAMPLE_ORGANIZATION } from "../../sandbox/seed/organizations.js";
import type { SeededUserName } from "../../sandbox/seed/users.js";
import { readNotebook, runNotebook, sourceText, type CellResult } from "../../tools/notebook/runner.js";
import { repoRoot } from "./paths.js";
import { startTestSandbox, type TestSandbox } from "./sandbox.js";

/** An executed notebook: its JSON, the outputs as JSON text, as printed (`out`) and their HTML. */
export interface NotebookRun {
  executed: string;
  text: string;
  out: string;
  html: string;
}

/** Runs notebooks of notebooks/ in the tslab kernel against a test sandbox; executed copies go to a temporary folder. */
export interface NotebookRunner {
  /**
   * Runs one notebook as the owner unless told; fails the test at the first failing cell. `afterCell` is called with
   * the source of each cell that ran, before the next one runs: a test looks at the platform mid-notebook there.
   */
  run(name: string, user?: SeededUserName, afterCell?: (source: string) => Promise<void>): Promise<NotebookRun>;
  /** No executed output holds the token, any JWT-looking string, an integration credential or the user's database credential. */
  assertNoSecrets(executed: string, user?: SeededUserName): Promise<void>;
  /** Removes the executed copies. */
  close(): void;
}

export function notebookRunner(sandbox: TestSandbox): NotebookRunner {
  const outDir = mkdtempSync(join(tmpdir(), "ol-notebooks-"));
  return {
    run: async (name, user = "owner", afterCell) => {
      const env = { OPENLATTICE_BASE_URL: sandbox.url, OPENLATTICE_JWT: sandbox.token(user) };
      const path = join(repoRoot, "notebooks", name);
      const cells = afterCell ? readNotebook(path).cells : [];
      const onCell = async ({ index, status }: CellResult) => {
        if (afterCell && status === "ok") await afterCell(sourceText(cells[index]!));
      };
      const result = await runNotebook(path, { outDir, env, onCell });
      assert.ok(
        result.ok,
        `${name} failed at cell ${result.failedCell?.index}:\n${result.failedCell?.source}\n${result.failedCell?.errorText}`,
      );
      const executed = readFileSync(join(outDir, name), "utf8");
      return { executed, text: JSON.stringify(outputsOf(executed)), out: printed(executed), html: richHtml(executed) };
    },
    assertNoSecrets: async (executed, user = "owner") => {
      assert.ok(!executed.includes(sandbox.token(user)), "token in the executed notebook");
      assert.doesNotMatch(executed, /eyJ[\w-]{10,}\.eyJ[\w-]{10,}/, "a JWT in the executed notebook");
      const account = await sandbox.as("owner").organizations.getOrganizationIntegrationAccount(SAMPLE_ORGANIZATION.id);
      assert.ok(!executed.includes(account.credential), "integration credential in the executed notebook");
      const login = await sandbox.as(user).principals.getMaterializedViewAccount();
      assert.ok(!executed.includes(login.credential), "database credential in the executed notebook");
    },
    close: () => rmSync(outDir, { recursive: true, force: true }),
  };
}

/** A fresh test sandbox and a notebook runner against it; `stop` ends both. */
export async function startNotebookSandbox(): Promise<{
  sandbox: TestSandbox;
  notebooks: NotebookRunner;
  stop(): Promise<void>;
}> {
  const sandbox = await startTestSandbox();
  const notebooks = notebookRunner(sandbox);
  return { sandbox, notebooks, stop: async () => (notebooks.close(), await sandbox.stop()) };
}

function outputsOf(executed: string): Array<{ text?: unknown; data?: Record<string, unknown> }> {
  return JSON.parse(executed).cells.flatMap((cell: { outputs?: unknown[] }) => cell.outputs ?? []);
}

/** The HTML of the display_data outputs; each of them must carry a text/plain copy too. */
export function richHtml(executed: string): string {
  const rich = outputsOf(executed).filter((output) => output.data?.["text/html"] !== undefined);
  for (const output of rich) assert.ok(output.data!["text/plain"], "a text/html output without its text/plain copy");
  return rich.map((output) => (output.data!["text/html"] as string[]).join("")).join("\n");
}

/** The outputs as printed: stream text and plain-text results, one after the other, each ending its line. */
export function printed(executed: string): string {
  const text = (value: unknown) => (Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "");
  const line = (output: { text?: unknown; data?: Record<string, unknown> }) => {
    const shown = text(output.text) + text(output.data?.["text/plain"]);
    return shown && !shown.endsWith("\n") ? `${shown}\n` : shown;
  };
  return outputsOf(executed).map(line).join("");
}

/** How often a pattern occurs in the outputs. */
export function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(new RegExp(pattern.source, "g"))].length;
}
