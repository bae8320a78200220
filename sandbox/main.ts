import { redact } from "../lib/redaction.js";
import { startSandbox } from "./app.js";
import { parseCommandLine, runCommand, UsageError } from "../tools/command-line.js";
import { dataDirOf, latencyOf } from "./cli-args.js";
import { databaseUnavailable } from "./db/control.js";
import { dropAllCommand } from "./db/drop-all.js";

const USAGE =
  "usage: npm run sandbox -- [--port <port>] [--data-dir <dir>] [--database-url <postgres://…>] [--verbose] [--latency <ms>]\n" +
  "       npm run sandbox -- --database-url <postgres://…> --drop-all   (removes what the sandbox made on that server)";

async function main() {
  const { values: options } = parseCommandLine(process.argv.slice(2), {
    options: {
      port: { type: "string" },
      "data-dir": { type: "string" },
      "database-url": { type: "string" },
      verbose: { type: "boolean" },
      latency: { type: "string" },
      "drop-all": { type: "boolean" },
    },
  });
  if (options["drop-all"])
    return dropAllCommand(options["database-url"] ?? process.env.SANDBOX_DATABASE_URL, dataDirOf(options));
  const port = Number(options.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number, got ${options.port}`);
  const latencyMs = latencyOf(options);
  const sandbox = await startSandbox({
    port,
    dataDir: dataDirOf(options),
    databaseUrl: options["database-url"] ?? process.env.SANDBOX_DATABASE_URL,
    latencyMs,
    log: options.verbose ? (line) => console.log(line) : undefined,
    refreshCheckMs: process.env.SANDBOX_REFRESH_CHECK_MS ? Number(process.env.SANDBOX_REFRESH_CHECK_MS) : undefined,
  });
  console.log(`sandbox ready on ${sandbox.url}; PostgreSQL on ${sandbox.postgres.host}:${sandbox.postgres.port}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("sandbox stopping");
    await sandbox.close();
    console.log("sandbox stopped");
    process.exit(0);
  };
  // A close that fails rejects into the uncaughtException handler below: printed, exit 1.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop());
}

// A PostgreSQL client whose server goes away reports it as an 'error' event too; on a one-off client nobody
// listens to, that would end the process. The query that needed the connection has already failed (a 503).
process.on("uncaughtException", (error) => {
  if (databaseUnavailable(error))
    return void console.error(redact(`sandbox: lost a PostgreSQL connection (${error.message})`));
  console.error(redact(error.stack ?? error.message));
  process.exit(1);
});

await runCommand("sandbox", USAGE, main);
