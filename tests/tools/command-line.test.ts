// The one way the commands read their arguments (tools/command-line.ts): node:util's parseArgs, strict, with
// short messages, the usage line and exit code 64; and the sandbox's two commands run with bad arguments.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parseCommandLine, UsageError } from "../../tools/command-line.js";
import { repoRoot } from "../helpers/paths.js";
import { jwtClaims } from "../helpers/tokens.js";

const config = {
  options: { port: { type: "string" }, verbose: { type: "boolean" }, param: { type: "string", multiple: true } },
} as const;
const parse = (...args: string[]) => ({ ...parseCommandLine(args, config, { param: "NAME=value" }).values });
const refused = (args: string[], message: string) =>
  assert.throws(
    () => parse(...args),
    (e: unknown) => e instanceof UsageError && e.message === message,
    args.join(" "),
  );

test("--name value and --name=value are the same; a boolean option is a bare flag", () => {
  assert.deepEqual(parse("--port", "8080", "--verbose"), { port: "8080", verbose: true });
  assert.deepEqual(parse("--port=8080", "--verbose"), { port: "8080", verbose: true });
  assert.deepEqual(parse("--port=-1", "--param=A=1", "--param", "B=2"), { port: "-1", param: ["A=1", "B=2"] });
  assert.deepEqual(parse(), {});
});

test("unknown options, missing values, values given to a flag and stray arguments are usage errors naming them", () => {
  const known = "(known: --port, --verbose, --param, --help (-h))";
  refused(["--prot", "8080"], `unknown option --prot ${known}`);
  refused(["-p", "8080"], `unknown option -p ${known}`);
  refused(["--port"], "--port needs a value");
  refused(["--param"], "--param needs a value NAME=value");
  refused(["--port", "--verbose"], '--port needs a value (one starting with "-" is written --port=-…)');
  refused(["--port", "-1"], '--port needs a value (one starting with "-" is written --port=-…)');
  refused(["--verbose=true"], "--verbose takes no value");
  refused(["8080"], "unexpected argument 8080");
});

const tempDirs: string[] = [];
after(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs a sandbox command with `args` and a data folder that must not be made; its exit code and output. */
function command(script: string, ...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "ol-cli-"));
  tempDirs.push(dir);
  const dataDir = join(dir, "data");
  const run = spawnSync(process.execPath, [join(repoRoot, "dist/sandbox", script), `--data-dir=${dataDir}`, ...args], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return { ...run, dataDir };
}

test("the sandbox refuses bad arguments with the message, its usage line and exit 64, and starts nothing", () => {
  for (const [args, message] of [
    [["--verbose", "true"], "unexpected argument true"],
    [["--verbose=true"], "--verbose takes no value"],
    [["--port"], "--port needs a value"],
    [["--latency", "-5"], '--latency needs a value (one starting with "-" is written --latency=-…)'],
    [["--port=80800"], "--port must be a port number, got 80800"],
    [
      ["--prot=8080"],
      "unknown option --prot (known: --port, --data-dir, --database-url, --verbose, --latency, --drop-all, --help (-h))",
    ],
  ] as const) {
    const run = command("main.js", ...args);
    assert.equal(run.status, 64, `${args.join(" ")}: ${run.stderr}`);
    assert.ok(run.stderr.startsWith(`sandbox: ${message}\nusage: npm run sandbox -- [--port <port>]`), run.stderr);
    assert.equal(run.stdout, "");
    assert.ok(!existsSync(run.dataDir), "a refused start made the data folder");
  }
});

test("sandbox:token takes --days=n and refuses bad arguments with its usage line and exit 64", () => {
  const ok = command("token-cli.js", "owner", "--days=2");
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
  const claims = jwtClaims(ok.stdout.trim());
  assert.equal(Number(claims.exp) - Number(claims.iat), 2 * 86_400);

  for (const [args, message] of [
    [["owner", "--days=0"], "--days must be a positive number, got 0"],
    [["owner", "--days"], "--days needs a value"],
    [["owner", "--admin"], "unknown option --admin (known: --data-dir, --days, --help (-h))"],
    [["nobody"], "which user?"],
  ] as const) {
    const run = command("token-cli.js", ...args);
    assert.equal(run.status, 64, `${args.join(" ")}: ${run.stderr}`);
    assert.equal(
      run.stderr,
      `sandbox:token: ${message}\nusage: npm run -s sandbox:token -- <admin|owner|member|outsider> [--data-dir <dir>] [--days <n>]\n`,
    );
    assert.equal(run.stdout, "");
  }
});

const COMMANDS: [string, string][] = [
  ["sandbox/main.js", "sandbox"],
  ["sandbox/token-cli.js", "sandbox:token"],
  ["tools/notebook/cli.js", "error"],
  ["tools/org.js", "error"],
  ["tools/start.js", "[start] error"],
  ["tools/install-packages.js", "install-packages"],
  ["tools/clean-notebooks.js", "notebooks:clean"],
  ["tests/run.js", "tests"],
  ["tests/fuzz/run.js", "fuzz"],
  ["tests/load/run.js", "load"],
  ["bench/run.js", "bench"],
];

test("--help and -h are the same to every command: its usage on standard output, exit 0, nothing done", () => {
  for (const [script] of COMMANDS) {
    for (const flag of ["--help", "-h"]) {
      const run = spawnSync(process.execPath, [join(repoRoot, "dist", script), flag], {
        encoding: "utf8",
        timeout: 30_000,
      });
      assert.equal(run.status, 0, `${script} ${flag}: ${run.stdout}${run.stderr}`);
      assert.match(run.stdout, /^usage: /i, `${script} ${flag}`);
      assert.equal(run.stderr, "", `${script} ${flag}`);
    }
  }
});

test("every command refuses an unknown option the same way: its name, the usage line and exit 64, before doing anything", () => {
  for (const [script, prefix] of COMMANDS) {
    const run = spawnSync(process.execPath, [join(repoRoot, "dist", script), "--no-such-option=1"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(run.status, 64, `${script}: ${run.stdout}${run.stderr}`);
    assert.match(
      run.stderr,
      new RegExp(
        `^${prefix.replace(/[[\]]/g, "\\$&")}: unknown option --no-such-option \\(known: [^\\n]*\\)\\nusage: `,
      ),
      script,
    );
  }
});
