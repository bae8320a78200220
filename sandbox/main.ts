import { startSandbox } from "./app.js";
import { dataDirOf, parseArgs } from "./cli-args.js";

const USAGE = "usage: npm run sandbox -- [--port <port>] [--data-dir <dir>] [--database-url <postgres://…>] [--verbose true]";

async function main() {
  const { options, positional } = parseArgs(process.argv.slice(2), ["port", "data-dir", "database-url", "verbose"]);
  if (positional.length) throw new Error(`unexpected argument ${positional[0]}`);
  const port = Number(options.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${options.port}`);
  const sandbox = await startSandbox({
    port,
    dataDir: dataDirOf(options),
    databaseUrl: options["database-url"] ?? process.env.SANDBOX_DATABASE_URL,
    log: options.verbose === "true" ? (line) => console.log(line) : undefined,
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
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: Error) => {
  console.error(`sandbox: ${error.message}`);
  if (error.message.startsWith("unknown option") || error.message.startsWith("option")) console.error(USAGE);
  process.exit(1);
});
