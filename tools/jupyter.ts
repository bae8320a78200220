// Finding (or installing) Jupyter and registering the tslab kernel with it.
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { run } from "./processes.js";

export interface Jupyter {
  /** Absolute path of the `jupyter` command. */
  jupyter: string;
  /** The Python interpreter that runs it (kernelspecs must be registered with this one). */
  python: string;
  /** `lab` when JupyterLab is installed, else `notebook` (the classic Notebook server). */
  app: "lab" | "notebook";
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** The absolute path of `name` on PATH (or in `extraDirs` first), or undefined. */
export function which(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...extraDirs, ...(process.env.PATH ?? "").split(delimiter)].filter(Boolean);
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The interpreter named by a script's `#!` line (`#!/usr/bin/env python3` is resolved on PATH). */
function shebangInterpreter(script: string): string | undefined {
  const first = readFileSync(script, "latin1").split("\n", 1)[0] ?? "";
  if (!first.startsWith("#!")) return undefined;
  const words = first.slice(2).trim().split(/\s+/);
  if (words[0]?.endsWith("/env")) {
    const name = words.slice(1).find((w) => !w.startsWith("-"));
    return name ? which(name) : undefined;
  }
  return words[0];
}

/** The Python that runs `jupyter`: its shebang, or (for wrappers such as pyenv shims) what
 *  `jupyter troubleshoot` reports as sys.executable. */
async function jupyterPython(jupyter: string): Promise<string | undefined> {
  const fromShebang = shebangInterpreter(jupyter);
  if (fromShebang && /python[\d.]*$/.test(fromShebang)) return fromShebang;
  const r = await run(jupyter, ["troubleshoot"]);
  return /^sys\.executable:\s*(\S+)/m.exec(r.stdout)?.[1];
}

/** Finds Jupyter with a notebook server (JupyterLab preferred); undefined when there is none. */
export async function findJupyter(): Promise<Jupyter | undefined> {
  const jupyter = which("jupyter");
  if (!jupyter) return undefined;
  const near = [dirname(jupyter)]; // subcommands live next to `jupyter` (e.g. in a virtualenv)
  const app = which("jupyter-lab", near) ? "lab" : which("jupyter-notebook", near) ? "notebook" : undefined;
  if (!app) return undefined;
  const python = await jupyterPython(jupyter);
  if (!python) throw new Error(`could not tell which Python runs ${jupyter}`);
  return { jupyter, python, app };
}

/** The command that installs a notebook server on this machine, for messages. */
export function installHint(): string {
  const apt = which("apt-get") ? "sudo apt-get install -y jupyter-notebook" : undefined;
  return apt
    ? `${apt}   (or, with pip: pip install notebook)`
    : "pip install notebook   (or your system's Jupyter Notebook package)";
}

/** Installs the classic Notebook server with apt-get when running as root; returns false when it
 *  cannot (not root or no apt-get). Throws when apt-get fails. */
export async function installJupyter(log: (line: string) => void): Promise<boolean> {
  if (!isRoot() || !which("apt-get")) return false;
  log("installing Jupyter Notebook: apt-get update && apt-get install -y jupyter-notebook (about a minute)");
  await aptGetInstall(["jupyter-notebook"], { inherit: true });
  return true;
}

/**
 * `apt-get update` then `apt-get install -y <packages>` (as root), waiting up to 5 minutes for another apt run's
 * lock. `inherit` shows apt's output; otherwise its stderr is in the error. @throws when apt-get fails
 */
export async function aptGetInstall(packages: readonly string[], options: { inherit?: boolean } = {}): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-q"], ["install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", ...packages]]) {
    const r = await run("apt-get", args, { inherit: options.inherit, env });
    if (r.code !== 0) throw new Error(`apt-get ${args.join(" ")} failed (${r.code ?? r.signal})${r.stderr ? `:\n${r.stderr.trim()}` : ""}`);
  }
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
export async function registerTslab(
  j: Jupyter,
  repoRoot: string,
  warn: (line: string) => void,
): Promise<string> {
  const tslab = join(repoRoot, "node_modules", ".bin", process.platform === "win32" ? "tslab.cmd" : "tslab");
  if (!existsSync(tslab)) throw new Error(`${tslab} is missing: run npm install first`);
  const args = ["install", `--python=${j.python}`, `--binary=${tslab}`, ...(isRoot() ? [] : ["--user"])];
  const inst = await run(tslab, args);
  if (inst.code !== 0) {
    throw new Error(`tslab install failed (${inst.code ?? inst.signal}):\n${(inst.stdout + inst.stderr).trim()}`);
  }
  const list = await run(j.jupyter, ["kernelspec", "list", "--json"]);
  if (list.code !== 0) throw new Error(`jupyter kernelspec list failed:\n${list.stderr.trim()}`);
  const spec = (JSON.parse(list.stdout) as KernelSpecList).kernelspecs["tslab"];
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
