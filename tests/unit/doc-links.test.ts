import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../helpers/paths.js";

// Every link of README.md and docs/*.md to a file of the repository points at a file that exists (and at a
// heading that exists, for a markdown file's #anchor), so that moving a file breaks this test instead of the map.

/** A fenced code block, from its opening fence to the closing one. */
const FENCED = /^ {0,3}(```|~~~)[\s\S]*?^ {0,3}\1.*$/gm;

/** The text without fenced code blocks and code spans (blanked, so that line numbers stay), where links are not links. */
function withoutCode(markdown: string): string {
  const blank = (code: string) => code.replace(/[^\n]/g, " ");
  return markdown.replace(FENCED, blank).replace(/(`+)[\s\S]*?\1/g, blank);
}

/** GitHub's anchor for each heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of markdown.replace(FENCED, "").matchAll(/^#{1,6}\s+(.+?)(?:\s+#+)?\s*$/gm)) {
    const base = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-");
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

interface Link {
  line: number;
  target: string;
}

/**
 * Inline links and reference definitions (their targets), the labels defined, and the labels used as references:
 * `[text][label]`, `[label][]`, and path-like shortcuts such as `[routes/roles]`.
 */
function linksOf(markdown: string) {
  const text = withoutCode(markdown);
  const lineAt = (index = 0) => text.slice(0, index).split("\n").length;
  const targets: Link[] = [];
  const defined = new Map<string, number>();
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g))
    targets.push({ line: lineAt(m.index), target: m[1]! });
  for (const m of text.matchAll(/^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) {
    targets.push({ line: lineAt(m.index), target: m[2]! });
    defined.set(m[1]!.toLowerCase(), lineAt(m.index));
  }
  const used: Link[] = [];
  for (const m of text.matchAll(/\[([^\]]*)\]\[([^\]]*)\]|\[([^\]\s]*\/[^\]\s]*)\](?![(:[])/g)) {
    used.push({ line: lineAt(m.index), target: (m[2] || m[1] || m[3])! });
  }
  return { text, targets, defined, used };
}

/** What is wrong with the links of one markdown file, each as `file:line: …`. */
function brokenLinks(file: string, markdown: string): string[] {
  const { text, targets, defined, used } = linksOf(markdown);
  const where = (line: number) => `${relative(repoRoot, file)}:${line}`;
  const problems: string[] = [];
  for (const { line, target } of targets) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto: …
    const [path, anchor] = target.split("#") as [string, string | undefined];
    const resolved =
      path === "" ? file : path.startsWith("/") ? join(repoRoot, path) : join(dirname(file), decodeURIComponent(path));
    if (path !== "" && !existsSync(resolved))
      problems.push(`${where(line)}: ${target} names no file (${relative(repoRoot, resolved)})`);
    else if (
      anchor &&
      resolved.endsWith(".md") &&
      !anchorsOf(path === "" ? markdown : readFileSync(resolved, "utf8")).has(anchor)
    ) {
      problems.push(`${where(line)}: ${target} names no heading of ${relative(repoRoot, resolved)}`);
    }
  }
  for (const { line, target } of used)
    if (!defined.has(target.toLowerCase())) problems.push(`${where(line)}: [${target}] is used but not defined`);
  const lower = text.toLowerCase();
  for (const [label, line] of defined) {
    if (lower.split(`[${label}]`).length <= 2) problems.push(`${where(line)}: [${label}] is defined but not used`);
  }
  return problems;
}

const docs = [
  "README.md",
  ...readdirSync(join(repoRoot, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => join("docs", f)),
];

describe("links in README.md and docs/", () => {
  for (const doc of docs) {
    it(`${doc}: every link to a repository file points at one that exists`, () => {
      const file = join(repoRoot, doc);
      assert.deepEqual(brokenLinks(file, readFileSync(file, "utf8")), []);
    });
  }

  it("docs/api.md's map names every route table of the sandbox", () => {
    const { defined } = linksOf(readFileSync(join(repoRoot, "docs/api.md"), "utf8"));
    const routes = join(repoRoot, "sandbox/routes");
    const tables = readdirSync(routes).filter(
      (f) => f.endsWith(".ts") && readFileSync(join(routes, f), "utf8").includes("route<"),
    );
    assert.ok(tables.length > 0, "no route table found in sandbox/routes/");
    assert.deepEqual(
      tables.filter((f) => !defined.has(`routes/${f.replace(/\.ts$/, "")}`)),
      [],
    );
  });

  it("reports a missing file, a missing heading, an undefined or unused reference; code is not read", () => {
    const file = join(repoRoot, "docs", "example.md");
    const markdown = [
      "# Title",
      "[ok](../README.md) [top](#title) [web](https://example.org/x) [quickstart](../README.md#quickstart)",
      "[gone](../lib/gone.ts) [no heading](../README.md#no-such-heading) [here](#nowhere)",
      "`[in code](../lib/gone.ts)` and [routes/roles] and [unused/label]",
      "```",
      "[in a block](../lib/gone.ts)",
      "```",
      "[routes/roles]: ../sandbox/routes/roles.ts",
      "[spare]: ../lib/gone.ts",
    ].join("\n");
    assert.deepEqual(brokenLinks(file, markdown), [
      "docs/example.md:3: ../lib/gone.ts names no file (lib/gone.ts)",
      "docs/example.md:3: ../README.md#no-such-heading names no heading of README.md",
      "docs/example.md:3: #nowhere names no heading of docs/example.md",
      "docs/example.md:9: ../lib/gone.ts names no file (lib/gone.ts)",
      "docs/example.md:4: [unused/label] is used but not defined",
      "docs/example.md:9: [spare] is defined but not used",
    ]);
  });
});
