// The real stack as `npm start` runs it (sandbox + classic Jupyter Notebook + the tslab kernel), driven in headless
// Chromium: every notebook of notebooks/ is opened, Cell → Run All is clicked, and every cell's rendered output is
// checked; 00-configuration's page is also searched for the token and saved as a screenshot, and 07's access map
// must be visible as SVG.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { mintToken } from "../../sandbox/auth/tokens.js";
import { loadSecrets } from "../../sandbox/secrets.js";
import { SEEDED_USERS } from "../../sandbox/seed/users.js";
import { ensureSystemPackages, which } from "../../tools/system-packages.js";
import { repoRoot } from "../helpers/paths.js";
import { freePort, StartRuns, type RunningStart } from "../helpers/start-stack.js";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const notebooks = readdirSync(join(repoRoot, "notebooks"))
  .filter((name) => name.endsWith(".ipynb"))
  .sort();
const screenshot = join(repoRoot, "test-output", "00-configuration.png");

const runs = new StartRuns();
let stack: RunningStart;
let browser: Browser;
let jupyterPort: number;
let jwt: string;

before(
  async () => {
    await ensureSystemPackages(["notebooks", "browser"]);
    const port = await freePort();
    jupyterPort = await freePort();
    // The kernel inherits Jupyter's environment, so the sandbox URL and token go there (and into the .env).
    jwt = await mintToken(SEEDED_USERS.owner, loadSecrets(runs.dataDir).jwtSecret);
    const settings = { OPENLATTICE_BASE_URL: `http://127.0.0.1:${port}`, OPENLATTICE_JWT: jwt };
    const envFile = join(runs.dir, ".env");
    writeFileSync(
      envFile,
      Object.entries(settings)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(""),
      { mode: 0o600 },
    );
    stack = await runs.start(
      ["--dotenv", envFile, "--data-dir", runs.dataDir, "--jupyter-port", String(jupyterPort)],
      runs.env(settings),
    );
    browser = await chromium.launch({ executablePath: which("chromium"), args: CHROMIUM_ARGS });
  },
  { timeout: 600_000 },
);

after(async () => {
  await browser?.close();
  await stack?.stop();
  runs.cleanup();
});

/** Whether a cell's source should print: it logs or shows something, or ends in an expression (not `;` or `}`)
 *  other than an awaited call, which may resolve to nothing (`await organizationsApi.renameOrganizationDatabase(…)`). */
function printsSomething(source: string): boolean {
  const lines = source
    .split("\n")
    .map((l) => l.replace(/\/\/.*$/, "").trim())
    .filter(Boolean);
  const last = lines.at(-1) ?? ";";
  return /\b(console\.\w+|show|display\.\w+)\(/.test(source) || (!/[;}]$/.test(last) && !/^await\b.*\)$/.test(last));
}

interface RenderedCell {
  prompt: string;
  text: string;
  stderr: number;
  errors: number;
}

/** The code cells as the page shows them: prompt, output text, and how many stderr and error outputs. */
function renderedCells(page: Page): Promise<RenderedCell[]> {
  return page.$$eval("#notebook .cell.code_cell", (cells) =>
    cells.map((cell) => ({
      prompt: (cell.querySelector(".input_prompt")?.textContent ?? "").replace(/\s+/g, " ").trim(),
      text: (cell.querySelector(".output_wrapper") as HTMLElement | null)?.innerText ?? "",
      stderr: cell.querySelectorAll(".output_stderr").length,
      errors: cell.querySelectorAll(".output_error").length,
    })),
  );
}

/** Polls until every code cell shows its execution count and the kernel is idle. */
async function waitForRunAll(page: Page, timeoutMs: number): Promise<RenderedCell[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const cells = await renderedCells(page);
    const idle = await page.locator("#kernel_indicator_icon.kernel_idle_icon").count();
    if (idle && cells.length && cells.every((c) => /^In \[\d+\]:$/.test(c.prompt))) return cells;
    if (Date.now() > deadline)
      assert.fail(`cells not all run after ${timeoutMs / 1000} s: ${cells.map((c) => c.prompt).join(" ")}`);
    await page.waitForTimeout(250);
  }
}

/** Opens `name` in the Notebook UI (which may read it but never save it), runs all cells and checks each one. */
async function runInBrowser(name: string, timeoutMs: number): Promise<Page> {
  const file = join(repoRoot, "notebooks", name);
  const committed = readFileSync(file, "utf8");
  const sources = (JSON.parse(committed).cells as { cell_type: string; source: string[] | string }[])
    .filter((c) => c.cell_type === "code")
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source));

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const writes: string[] = [];
  await page.route("**/api/contents/**", (route) =>
    route.request().method() === "GET" ? route.continue() : (writes.push(route.request().method()), route.abort()),
  );
  await page.goto(`http://127.0.0.1:${jupyterPort}/notebooks/${name}?token=${runs.jupyterToken}`);
  await page.locator("#kernel_indicator_icon.kernel_idle_icon").waitFor({ timeout: 30_000 });
  assert.equal(await page.locator(".kernel_indicator_name").innerText(), "TypeScript");

  await page.click("#celllink");
  await page.click("#run_all_cells > a");
  const cells = await waitForRunAll(page, timeoutMs);

  assert.equal(cells.length, sources.length, "code cells on the page vs in the file");
  cells.forEach((cell, i) => {
    const label = `code cell ${i + 1} (${sources[i]!.split("\n")[0]})`;
    assert.equal(cell.stderr + cell.errors, 0, `${label} failed:\n${cell.text}`);
    if (printsSomething(sources[i]!)) assert.ok(cell.text.trim(), `${label} shows no output`);
  });
  assert.ok(!(await page.content()).includes(jwt), "the token is on the page");
  assert.deepEqual(writes, [], "the page tried to save the notebook");
  assert.equal(readFileSync(file, "utf8"), committed, `${name} changed on disk`);
  return page;
}

test("there are notebooks to run", () => assert.ok(notebooks.includes("00-configuration.ipynb")));

for (const name of notebooks) {
  test(
    `${name} runs through the Notebook UI in Chromium: every cell prints what it should, nothing on stderr`,
    { timeout: 300_000 },
    async () => {
      const page = await runInBrowser(name, 240_000);
      if (name === "00-configuration.ipynb") {
        const all = (await renderedCells(page)).map((c) => c.text).join("\n");
        assert.match(all, /Signed in as jordan\.lee@example\.org/);
        assert.match(all, /\[redacted\]/);
        // The whole notebook in one picture: the page scrolls inside #site, so the viewport grows to fit it.
        const height = await page.evaluate(
          () => document.querySelector("#header")!.clientHeight + document.querySelector("#notebook")!.scrollHeight,
        );
        await page.setViewportSize({ width: 1280, height: Math.min(height, 12_000) });
        mkdirSync(join(repoRoot, "test-output"), { recursive: true });
        await page.screenshot({ path: screenshot });
      }
      if (name === "07-organization-as-code.ipynb") {
        // the access map is drawn in the page as SVG, visible, with the role the notebook adds
        const map = page.locator("#notebook .output_wrapper svg").filter({ hasText: "Access map" }).first();
        await map.scrollIntoViewIfNeeded();
        assert.ok(await map.isVisible(), "the access map's SVG is not visible");
        const box = await map.boundingBox();
        assert.ok(box && box.width > 200 && box.height > 100, `the access map's size: ${JSON.stringify(box)}`);
        assert.match((await map.textContent()) ?? "", /Reviewers[^]*maya\.okafor@example\.org/);
      }
      await page.close();
    },
  );
}
