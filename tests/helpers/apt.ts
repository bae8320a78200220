// Debian packages a test needs, installed the way `npm start` installs Jupyter (apt-get, as root) when
// missing; elsewhere the test fails naming the command. Never a skip.
import { aptGetInstall, which } from "../../tools/jupyter.js";

/** Installs `packages` unless `present()` says they are there already; fails when they are still missing. */
export async function ensureDebianPackages(packages: readonly string[], present: () => boolean | Promise<boolean>): Promise<void> {
  if (await present()) return;
  const command = `apt-get install -y ${packages.join(" ")}`;
  if (process.getuid?.() !== 0 || !which("apt-get")) throw new Error(`missing ${packages.join(", ")}; install with: sudo ${command}`);
  console.log(`installing ${packages.join(" ")} with apt-get (a minute or two)`);
  await aptGetInstall(packages);
  if (!(await present())) throw new Error(`still missing after ${command}`);
}
