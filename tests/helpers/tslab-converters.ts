import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { Module } from "node:module";
import { dirname, join } from "node:path";
import type { Converter } from "tslab/dist/converter.js";
import { repoRoot } from "./paths.js";

/**
 * tslab's converter as installed (`patches/tslab+<version>.patch`, applied by `npm install`, makes it compile each
 * cell once) and as published (the installed file with the patch taken back out), both loaded from tslab's folder.
 */
export interface ConverterModule {
  createConverter(): Converter;
}

const CONVERTER = join(repoRoot, "node_modules/tslab/dist/converter.js");
const PATCH = join(
  repoRoot,
  "patches",
  readdirSync(join(repoRoot, "patches")).find((name) => name.startsWith("tslab+"))!,
);

/** The file as it was before `patch` (a unified diff) was applied to it. */
function unpatched(text: string, patch: string): string {
  for (const hunk of patch.split(/^@@.*@@.*\n/m).slice(1)) {
    const lines = hunk.split("\n").filter((line) => /^[ +-]/.test(line));
    const side = (mark: string) =>
      lines
        .filter((line) => line[0] === " " || line[0] === mark)
        .map((line) => line.slice(1))
        .join("\n");
    assert.ok(text.includes(side("+")), "the installed converter holds the patch (npm install applies it)");
    text = text.replace(side("+"), () => side("-"));
  }
  return text;
}

/** tslab's converter module compiled from `source`, resolving its imports from tslab's folder. */
function converterFrom(source: string): ConverterModule {
  const module = new Module(CONVERTER) as Module & { _compile(source: string, filename: string): void };
  module.filename = CONVERTER;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    dirname(CONVERTER),
  );
  module._compile(source, CONVERTER);
  return module.exports as ConverterModule;
}

export function tslabConverters(): { patched: ConverterModule; original: ConverterModule } {
  const installed = readFileSync(CONVERTER, "utf8");
  return {
    patched: converterFrom(installed),
    original: converterFrom(unpatched(installed, readFileSync(PATCH, "utf8"))),
  };
}
