/** Loaded on first use: vega is large, and its module graph awaits at top level (the library's must not). */
let renderer: Promise<(spec: object) => Promise<string>> | undefined;

/** The SVG of a Vega-Lite spec: compiled to Vega and drawn by a headless `View` (no browser, no canvas). */
export async function renderSvg(spec: object): Promise<string> {
  renderer ??= loadRenderer().catch((error: unknown) => {
    renderer = undefined; // tried again on the next call
    throw error;
  });
  return (await renderer)(spec);
}

async function loadRenderer(): Promise<(spec: object) => Promise<string>> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  return (spec) => {
    const view = new vega.View(vega.parse(vegaLite.compile(spec as never).spec), { renderer: "none" });
    return view.toSVG().finally(() => view.finalize());
  };
}
