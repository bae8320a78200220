import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { accessMap } from "../../lib/access-map/index.js";
import { displayInKernel, inKernel, show } from "../../lib/display/index.js";
import { repoRoot } from "../helpers/paths.js";
import { role } from "./display-fixtures.js";

type Sent = { message: { data: Record<string, string> }; update: boolean };

/** Pretends to be a tslab kernel (its `__tslab__` global and loaded jupyter.js) while `action` runs. */
function insideFakeKernel(action: () => void): Sent[] {
  const sent: Sent[] = [];
  const cache = createRequire(import.meta.url).cache;
  const file = join("/fake", "node_modules", "tslab", "dist", "jupyter.js");
  const global = globalThis as { __tslab__?: unknown };
  global.__tslab__ = { exports: {}, require: () => ({}) };
  cache[file] = {
    exports: { lastWriteDisplayData: (message: Sent["message"], update: boolean) => sent.push({ message, update }) },
  } as NodeJS.Module;
  try {
    action();
  } finally {
    delete global.__tslab__;
    delete cache[file];
  }
  return sent;
}

test("outside a kernel nothing is sent", () => {
  assert.equal(inKernel(), false);
  assert.equal(displayInKernel("<b>x</b>", "x"), false);
});

test("in a tslab kernel, show sends one display_data with text/html and text/plain, and prints nothing", (t) => {
  const log = t.mock.method(console, "log", () => {});
  const sent = insideFakeKernel(() => show([role()]));
  assert.equal(log.mock.callCount(), 0);
  assert.equal(sent.length, 1);
  assert.equal(sent[0]!.update, false);
  assert.deepEqual(Object.keys(sent[0]!.message.data), ["text/html", "text/plain"]);
  assert.match(sent[0]!.message.data["text/html"]!, /^<div class="ol-display">.*<td>Analyst<\/td>/s);
  assert.match(sent[0]!.message.data["text/plain"]!, /^1 role\ntitle +description/);
});

test("in a tslab kernel, show sends an access map as image/svg+xml with its text beside it", async () => {
  const map = await accessMap({
    roles: [{ title: "Analysts" }],
    members: [{ email: "ann@example.org", roles: ["Analysts"] }],
  });
  const sent = insideFakeKernel(() => show(map));
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0]!.message.data, { "text/plain": map.text, "image/svg+xml": map.svg });
  assert.match(map.svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
});

test("importing the library loads no tslab and prints nothing", () => {
  const script = `await import(${JSON.stringify(join(repoRoot, "dist", "lib", "index.js"))});
const { createRequire } = await import("node:module");
const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes("tslab"));
if (loaded.length) process.exitCode = 3;`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  assert.equal(out, "");
});
