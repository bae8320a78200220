import { createRequire } from "node:module";
import { sep } from "node:path";

/**
 * How this finds a tslab kernel (tslab 1.0.22, node_modules/tslab/dist):
 * - executor.js sets `globalThis.__tslab__ = { exports, require }` when the kernel starts; cells run in that context.
 * - jupyter.js keeps `lastWriteDisplayData`, the `display_data` sender of the running cell, set per execution.
 *   tslab's public `display.html()` sends one mime type per message; this sends `text/html` and `text/plain` together,
 *   so saved notebooks and text-only front ends still read the plain text.
 * Nothing here loads tslab (or its TypeScript compiler): only modules the kernel has loaded already are looked at.
 */
type WriteDisplayData = (
  message: { data: Record<string, string>; metadata: object; transient: object },
  update: boolean,
) => void;

const JUPYTER_MODULE = `${sep}tslab${sep}dist${sep}jupyter.js`;

/** True when this code runs inside a tslab (or jslab) Jupyter kernel. */
export function inKernel(): boolean {
  const tslab = (globalThis as { __tslab__?: { require?: unknown } }).__tslab__;
  return typeof tslab?.require === "function";
}

/** The running cell's `display_data` sender, from the tslab module the kernel loaded. */
function displayWriter(): WriteDisplayData | undefined {
  if (!inKernel()) return undefined;
  const cache = createRequire(import.meta.url).cache;
  for (const [file, loaded] of Object.entries(cache)) {
    const write = file.endsWith(JUPYTER_MODULE)
      ? (loaded?.exports as { lastWriteDisplayData?: unknown })?.lastWriteDisplayData
      : undefined;
    if (typeof write === "function") return write as WriteDisplayData;
  }
  return undefined;
}

/**
 * Sends one `display_data` with `text/html` and `text/plain` to the running cell.
 * @returns false outside a kernel (nothing sent), so the caller can print the text instead.
 */
export function displayInKernel(html: string, text: string): boolean {
  return displayBundleInKernel({ "text/html": html, "text/plain": text });
}

/**
 * Sends one `display_data` with these MIME types (e.g. `image/svg+xml` and `text/plain`) to the running cell.
 * @returns false outside a kernel (nothing sent).
 */
export function displayBundleInKernel(data: Record<string, string>): boolean {
  const write = displayWriter();
  if (!write) return false;
  write({ data, metadata: {}, transient: {} }, false);
  return true;
}
