// Finding Jupyter with everything the kit calls (installing what is missing), and registering the tslab kernel.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { run } from "./processes.js";
import {
  ensure,
  isRoot,
  jupyterRequirements,
  jupyterWhere,
  missing,
  searchPath,
  which,
  type Requirement,
  type Where,
} from "./system-packages.js";

export interface Jupyter {
  /** Absolute path of the `jupyter` command. */
  jupyter: string;
  /** The Python interpreter that runs it (kernelspecs must be registered with this one). */
  python: string;
  /** `lab` when JupyterLab is installed, else `notebook` (the classic Notebook server). */
  app: "lab" | "notebook";
}

/** The front end to run: JupyterLab when its command is there, else the classic Notebook. */
const frontEnd = (where: Where): Jupyter["app"] => (which("jupyter-lab", where.path) ? "lab" : "notebook");

/** Jupyter as found on `path`, and what it lacks of what the kit calls (none lacking: `jupyter` is set). */
export async function inspectJupyter(
  path: readonly string[] = searchPath(),
): Promise<{ jupyter?: Jupyter; missing: Requirement[] }> {
  const { jupyter, where } = await jupyterWhere(path);
  const app = frontEnd(where);
  const lacking = await missing(jupyterRequirements(app), where);
  return {
    jupyter: jupyter && where.python && !lacking.length ? { jupyter, python: where.python, app } : undefined,
    missing: lacking,
  };
}

/**
 * Jupyter with every command and module the kit calls, installing what is missing (apt-get as root: exactly
 * the packages that provide it). @throws naming the apt and pip commands where it cannot install
 */
export async function ensureJupyter(
  log: (line: string) => void,
  path: readonly string[] = searchPath(),
): Promise<Jupyter> {
  const found = await inspectJupyter(path);
  if (found.jupyter) return found.jupyter;
  const first = await jupyterWhere(path);
  await ensure(jupyterRequirements(frontEnd(first.where)), async () => (await jupyterWhere(path)).where, log);
  const after = await inspectJupyter(path);
  if (!after.jupyter) throw new Error(`Jupyter is still incomplete: ${after.missing.map((n) => n.what).join(", ")}`);
  return after.jupyter;
}

interface KernelSpecList {
  kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[] } }>;
}

/**
 * Registers the tslab (and jslab) kernels with `jupyter`'s Python, naming the tslab binary by its absolute
 * path (Jupyter started from a desktop or VS Code may not have node_modules/.bin on PATH). As root this
 * writes /usr/local/share/jupyter/kernels, otherwise the user's kernels folder. Then checks that
 * `jupyter kernelspec list` shows tslab (warning if it starts another binary); returns the kernel's folder.
 */
export async function registerTslab(j: Jupyter, repoRoot: string, warn: (line: string) => void): Promise<string> {
  const tslab = join(repoRoot, "node_modules", ".bin", process.platform === "win32" ? "tslab.cmd" : "tslab");
  if (!existsSync(tslab)) throw new Error(`${tslab} is missing: run npm install first`);
  const registered = await tslabSpec(j);
  if (registered?.spec.argv[0] === tslab) return registered.resource_dir; // as a previous start left it
  const args = ["install", `--python=${j.python}`, `--binary=${tslab}`, ...(isRoot() ? [] : ["--user"])];
  const inst = await run(tslab, args);
  if (inst.code !== 0) {
    throw new Error(`tslab install failed (${inst.code ?? inst.signal}):\n${(inst.stdout + inst.stderr).trim()}`);
  }
  const spec = await tslabSpec(j);
  if (!spec) throw new Error("tslab is not listed by `jupyter kernelspec list` after tslab install");
  if (spec.spec.argv[0] !== tslab) {
    // Another registration (e.g. in ~/.local/share/jupyter/kernels) takes precedence over ours.
    warn(
      `Jupyter uses the tslab kernel in ${spec.resource_dir}, which starts ${spec.spec.argv[0]}, ` +
        `not this checkout's; to use this one: jupyter kernelspec remove tslab, then run again`,
    );
  }
  return spec.resource_dir;
}

/** The kernelspec Jupyter uses for `tslab`, if any. */
async function tslabSpec(j: Jupyter): Promise<KernelSpecList["kernelspecs"][string] | undefined> {
  const list = await run(j.jupyter, ["kernelspec", "list", "--json"]);
  if (list.code !== 0) throw new Error(`jupyter kernelspec list failed:\n${list.stderr.trim()}`);
  return (JSON.parse(list.stdout) as KernelSpecList).kernelspecs["tslab"];
}

/** Arguments for `jupyter <app>` serving `notebookDir` on 127.0.0.1:`port`. */
export function serverArgs(
  j: Jupyter,
  opts: { notebookDir: string; port: number; browser: boolean; extra: readonly string[] },
): string[] {
  return [
    j.app,
    `--notebook-dir=${opts.notebookDir}`,
    "--ip=127.0.0.1",
    `--port=${opts.port}`,
    ...(opts.browser ? [] : ["--no-browser"]),
    ...(isRoot() ? ["--allow-root"] : []), // Jupyter refuses to run as root without it
    ...opts.extra,
  ];
}
