import { parseCommandLine, runCommand, UsageError } from "../tools/command-line.js";
import { mintToken } from "./auth/tokens.js";
import { dataDirOf } from "./cli-args.js";
import { loadSecrets } from "./secrets.js";
import { isSeededUserName, SEEDED_USERS } from "./seed/users.js";

const USAGE = `usage: npm run -s sandbox:token -- <${Object.keys(SEEDED_USERS).join("|")}> [--data-dir <dir>] [--days <n>]`;

await runCommand("sandbox:token", USAGE, async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    options: { "data-dir": { type: "string" }, days: { type: "string" } },
    allowPositionals: true,
  });
  const [name] = positionals;
  if (positionals.length !== 1 || !name || !isSeededUserName(name)) throw new UsageError("which user?");
  const days = Number(values.days ?? 365);
  if (!(days > 0)) throw new UsageError(`--days must be a positive number, got ${values.days}`);
  console.log(await mintToken(SEEDED_USERS[name], loadSecrets(dataDirOf(values)).jwtSecret, days));
});
