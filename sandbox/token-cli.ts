import { mintToken } from "./auth/tokens.js";
import { dataDirOf, parseArgs } from "./cli-args.js";
import { loadSecrets } from "./secrets.js";
import { isSeededUserName, SEEDED_USERS } from "./seed/users.js";

const USAGE = `usage: npm run -s sandbox:token -- <${Object.keys(SEEDED_USERS).join("|")}> [--data-dir <dir>] [--days <n>]`;

try {
  const { options, positional } = parseArgs(process.argv.slice(2), ["data-dir", "days"]);
  const [name] = positional;
  if (positional.length !== 1 || !name || !isSeededUserName(name)) throw new Error(`which user? ${USAGE}`);
  const days = Number(options.days ?? 365);
  if (!(days > 0)) throw new Error(`--days must be a positive number, got ${options.days}`);
  console.log(mintToken(SEEDED_USERS[name], loadSecrets(dataDirOf(options)).jwtSecret, days));
} catch (error) {
  console.error(`sandbox:token: ${(error as Error).message}`);
  process.exit(2);
}
