import { spawn } from "node:child_process";

/** Runs `files` with node's test runner, one file at a time (Ctrl-C and SIGTERM reach it); resolves with its exit code. */
export async function runTestFiles(files: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const child = spawn(process.execPath, ["--test", "--test-concurrency=1", ...files], { stdio: "inherit", env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, forward);
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}
