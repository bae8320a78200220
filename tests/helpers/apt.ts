// Debian packages a test needs, installed the way `npm start` installs Jupyter (apt-get, as root) when
// missing; elsewhere the test fails naming the command. Never a skip.
import { which } from "../../tools/jupyter.js";
import { run } from "../../tools/processes.js";

/** Installs `packages` unless `present()` says they are there already; fails when they are still missing. */
export async function ensureDebianPackages(packages: readonly string[], present: () => boolean | Promise<boolean>): Promise<void> {
  if (await present()) return;
  const command = `apt-get install -y ${packages.join(" ")}`;
  if (process.getuid?.() !== 0 || !which("apt-get")) throw new Error(`missing ${packages.join(", ")}; install with: sudo ${command}`);
  console.log(`installing ${packages.join(" ")} with apt-get (a minute or two)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const lockWait = ["-o", "DPkg::Lock::Timeout=300"];
  for (const args of [["update", "-q"], ["install", "-y", "-q", ...lockWait, ...packages]]) {
    const r = await run("apt-get", args, { env });
    if (r.code !== 0) throw new Error(`apt-get ${args.join(" ")} failed (${r.code ?? r.signal}):\n${r.stderr.trim()}`);
  }
  if (!(await present())) throw new Error(`still missing after ${command}`);
}
