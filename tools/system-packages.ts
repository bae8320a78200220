// The system packages the kit uses, by purpose: the one list that `npm start`, `npm test` and CI install from.
// Each requirement is one thing the kit calls (a command, a Python module that Jupyter's Python imports, a file),
// with the Debian package and the pip package that provide it, so that exactly what is missing gets installed.
import { accessSync, constants, existsSync, readdirSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { run } from "./processes.js";

export interface Requirement {
  /** What the kit calls, for messages: `jupyter kernelspec`, `Python module IPython`… */
  what: string;
  /** The Debian package that provides it. */
  deb: string;
  /** The pip package that provides it; none where pip cannot (Chromium, PostgreSQL). */
  pip?: string;
  present(where: Where): boolean | Promise<boolean>;
}

/** Where to look: the directories searched for commands, and the Python that runs Jupyter (when known). */
export interface Where {
  path: readonly string[];
  python?: string;
}

/** The folders of this process's PATH. */
export const searchPath = (): string[] => (process.env.PATH ?? "").split(delimiter).filter(Boolean);

/** A command on the search path (Jupyter looks for its subcommands there too). */
const command = (name: string, deb: string, pip?: string): Requirement => ({
  what: name.replace(/^jupyter-/, "jupyter "),
  deb,
  pip,
  present: (where) => Boolean(which(name, where.path)),
});

/** A module that Jupyter's Python must import; missing while that Python is unknown (no `jupyter` yet). */
const pythonModule = (name: string, deb: string, pip: string): Requirement => ({
  what: `Python module ${name}`,
  deb,
  pip,
  // find_spec locates the module without running it (importing IPython takes a second)
  present: async (where) =>
    Boolean(where.python) &&
    (await run(where.python!, ["-c", `import importlib.util, sys; sys.exit(not importlib.util.find_spec("${name}"))`]))
      .code === 0,
});

/** The newest Debian PostgreSQL server with postgres_fdw (`/usr/lib/postgresql/<version>/bin`), if any. */
export function debianPostgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const version = versions.find(
    (v) =>
      existsSync(join(root, v, "bin", "initdb")) &&
      existsSync(`/usr/share/postgresql/${v}/extension/postgres_fdw.control`),
  );
  return version && join(root, version, "bin");
}

/** Jupyter serving notebooks/ with the tslab kernel (`app`: the front end `npm start` runs). */
export function jupyterRequirements(app: "notebook" | "lab"): Requirement[] {
  return [
    command("jupyter", "jupyter-core", "jupyter_core"),
    app === "lab"
      ? command("jupyter-lab", "jupyterlab", "jupyterlab")
      : command("jupyter-notebook", "jupyter-notebook", "notebook"),
    command("jupyter-kernelspec", "jupyter-client", "jupyter_client"),
    // `tslab install` registers the kernel with these
    pythonModule("jupyter_client", "python3-jupyter-client", "jupyter_client"),
    pythonModule("IPython", "python3-ipython", "ipython"),
  ];
}

/** Everything the kit may need, by purpose. */
export const PURPOSES = {
  // Jupyter and the tslab kernel: npm start, the notebook tests
  notebooks: jupyterRequirements("notebook"),
  // jupyter nbconvert --execute: the notebook tests
  nbconvert: [
    command("jupyter-nbconvert", "jupyter-nbconvert", "nbconvert"),
    pythonModule("nbclient", "python3-nbclient", "nbclient"),
  ],
  // the browser test
  browser: [command("chromium", "chromium")],
  // the existing-server tests
  postgresql: [
    {
      what: "PostgreSQL server with postgres_fdw",
      deb: "postgresql postgresql-contrib",
      present: () => Boolean(debianPostgresBin()),
    },
  ],
} satisfies Record<string, Requirement[]>;

export type Purpose = keyof typeof PURPOSES;

/** The absolute path of `name` in the first of `dirs` that holds it as an executable. */
export function which(name: string, dirs: readonly string[] = searchPath()): string | undefined {
  for (const dir of dirs) {
    const file = join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The requirements not met, in order. */
export async function missing(needs: readonly Requirement[], where: Where): Promise<Requirement[]> {
  const met = await Promise.all(needs.map((n) => n.present(where)));
  return needs.filter((_, i) => !met[i]);
}

const unique = (words: string[]): string[] => [...new Set(words.flatMap((w) => w.split(" ")))];
const debsOf = (needs: readonly Requirement[]): string[] => unique(needs.map((n) => n.deb));

/** The commands that install `needs` on this machine: apt (with sudo unless root), and pip where pip can. */
export function installCommands(needs: readonly Requirement[], where: Where): string[] {
  const lines: string[] = [];
  if (which("apt-get", where.path))
    lines.push(`${isRoot() ? "" : "sudo "}apt-get install --no-install-recommends ${debsOf(needs).join(" ")}`);
  if (needs.every((n) => n.pip))
    lines.push(`${where.python ?? "python3"} -m pip install ${unique(needs.map((n) => n.pip!)).join(" ")}`);
  return lines;
}

export const isRoot = (): boolean => process.getuid?.() === 0;

/** Whether this process may install Debian packages itself: root, with apt-get. */
const canInstall = (where: Where): boolean => isRoot() && Boolean(which("apt-get", where.path));

/**
 * `apt-get update` then `apt-get install --no-install-recommends <packages>` (as root), waiting up to 5 minutes for
 * another apt run's lock; apt's progress goes to this process's output. @throws when apt-get fails
 */
export async function aptGetInstall(packages: readonly string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const steps = [
    ["update", "-q"],
    ["install", "-y", "-q", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300", ...packages],
  ];
  for (const args of steps) {
    const r = await run("apt-get", args, { inherit: true, env });
    if (r.code !== 0) throw new Error(`apt-get ${args.join(" ")} failed (${r.code ?? r.signal})`);
  }
}

/**
 * Installs what `needs` lacks (apt-get, as root) and checks again; `where()` is asked anew after installing (the
 * Python that runs Jupyter may only exist then). @throws naming the install commands when it cannot or it failed
 */
export async function ensure(
  needs: readonly Requirement[],
  where: () => Promise<Where>,
  log: (line: string) => void,
): Promise<void> {
  const before = await where();
  let lacking = await missing(needs, before);
  if (!lacking.length) return;
  const names = lacking.map((n) => n.what).join(", ");
  if (!canInstall(before))
    throw new Error(`missing: ${names}. Install with:\n  ${installCommands(lacking, before).join("\n  or: ")}`);
  const debs = debsOf(lacking);
  log(`installing ${debs.join(" ")} with apt-get, for ${names}`);
  const t0 = Date.now();
  await aptGetInstall(debs);
  log(`apt-get: ${seconds(Date.now() - t0)}`);
  lacking = await missing(needs, await where());
  if (lacking.length)
    throw new Error(`still missing after apt-get install ${debs.join(" ")}: ${lacking.map((n) => n.what).join(", ")}`);
}

/** The interpreter named by a script's `#!` line (`#!/usr/bin/env python3` is resolved on `path`). */
function shebangInterpreter(script: string, path: readonly string[]): string | undefined {
  const first = readFileSync(script, "latin1").split("\n", 1)[0] ?? "";
  if (!first.startsWith("#!")) return undefined;
  const words = first.slice(2).trim().split(/\s+/);
  if (words[0]?.endsWith("/env")) {
    const name = words.slice(1).find((w) => !w.startsWith("-"));
    return name ? which(name, path) : undefined;
  }
  return words[0];
}

/** The Python that runs `jupyter`: its shebang, or (for wrappers such as pyenv shims) what
 *  `jupyter troubleshoot` reports as sys.executable. */
async function jupyterPython(jupyter: string, path: readonly string[]): Promise<string | undefined> {
  const fromShebang = shebangInterpreter(jupyter, path);
  if (fromShebang && /python[\d.]*$/.test(fromShebang)) return fromShebang;
  const r = await run(jupyter, ["troubleshoot"]);
  return /^sys\.executable:\s*(\S+)/m.exec(r.stdout)?.[1];
}

/** Where Jupyter's subcommands and Python are: `path` with the `jupyter` command's own folder first (a
 *  virtualenv's commands live beside it), and the Python that runs it. */
export async function jupyterWhere(
  path: readonly string[] = searchPath(),
): Promise<{ jupyter?: string; where: Where }> {
  const jupyter = which("jupyter", path);
  if (!jupyter) return { where: { path } };
  return { jupyter, where: { path: [dirname(jupyter), ...path], python: await jupyterPython(jupyter, path) } };
}

/**
 * Installs what `purposes` lack (one apt-get run, as root) and checks again.
 * @throws naming the apt and pip commands where it cannot install, or what is still missing after apt-get
 */
export async function ensureSystemPackages(
  purposes: readonly Purpose[],
  log: (line: string) => void = console.log,
): Promise<void> {
  await ensure(
    purposes.flatMap((p) => PURPOSES[p]),
    async () => (await jupyterWhere()).where,
    log,
  );
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
