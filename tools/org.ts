/**
 * `npm run org -- <command>`: organizations as code from the command line (docs/organizations-as-code.md).
 * Exit codes: 0 done / no changes, 2 changes pending (plan, and apply without --confirm), 1 an error or a failed
 * change, 64 bad usage.
 */
import { terminalProgress } from "../lib/bulk/progress.js";
import { connect } from "../lib/connect.js";
import { applyResultTable, planTable } from "../lib/display/org-as-code.js";
import { toText } from "../lib/display/text.js";
import { applyOrganizationPlan } from "../lib/org-as-code/apply.js";
import { exportOrganization } from "../lib/org-as-code/export.js";
import { planOrganization } from "../lib/org-as-code/plan.js";
import { readOrganizationDocument, toYaml, writeOrganizationDocument } from "../lib/org-as-code/yaml.js";
import { parseCommandLine, runCommand, UsageError } from "./command-line.js";

const USAGE = `usage: npm run org -- <command> [options]

  export <organizationId> [--out file.yaml]            write the organization as YAML (standard output without --out)
  plan <file.yaml> [--organization <id|new>]           show the changes that would make the organization match the file
  apply <file.yaml> [--organization <id|new>] [--confirm <id|new>]
                                                       make them; without --confirm a dry run that shows them

  --organization   the organization to plan for (default: organization.id of the file; "new" creates one)
  --confirm        the organization's id ("new" for a new one): applies the changes
  --concurrency    requests at once (default 8)
  --help, -h       this text

Exit codes: 0 done or nothing to change, 2 changes pending (plan; apply without --confirm), 1 an error or a
failed change, 64 bad usage. Configuration comes from the environment and .env, as the library reads it.`;

const EXIT = { ok: 0, error: 1, pending: 2 } as const;

const OPTIONS = {
  out: { type: "string" },
  organization: { type: "string" },
  confirm: { type: "string" },
  concurrency: { type: "string" },
} as const;

function parse(argv: string[]) {
  const { values, positionals } = parseCommandLine(argv, { options: OPTIONS, allowPositionals: true });
  const [command, target, ...rest] = positionals;
  if (!command) throw new UsageError("no command given");
  if (!["export", "plan", "apply"].includes(command)) throw new UsageError(`unknown command ${command}`);
  if (!target) throw new UsageError(`${command} needs ${command === "export" ? "an organization id" : "a YAML file"}`);
  if (rest.length) throw new UsageError(`unexpected ${rest.join(" ")}`);
  const allowed: Record<string, string[]> = {
    export: ["out", "concurrency"],
    plan: ["organization", "concurrency"],
    apply: ["organization", "confirm", "concurrency"],
  };
  const wrong = Object.keys(values).find((name) => !allowed[command]!.includes(name));
  if (wrong) throw new UsageError(`--${wrong} does not go with ${command}`);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !Number.isInteger(concurrency))
    throw new UsageError("--concurrency must be a whole number");
  const organizationId = values.organization === "new" ? null : values.organization;
  return { command, target, out: values.out, organizationId, confirm: values.confirm, concurrency };
}

async function run(argv: string[]): Promise<number> {
  const args = parse(argv);
  const ol = connect();
  const { concurrency } = args;
  if (args.command === "export") {
    const document = await exportOrganization(ol, args.target, { concurrency });
    const header = `exported from ${new URL(ol.client.configuration.host).origin} on ${new Date().toISOString().slice(0, 10)}`;
    if (args.out) {
      writeOrganizationDocument(args.out, document, { header });
      console.error(`wrote ${args.out}`);
    } else process.stdout.write(toYaml(document, { header }));
    return EXIT.ok;
  }
  const desired = readOrganizationDocument(args.target);
  const plan = await planOrganization(ol, desired, { organizationId: args.organizationId, concurrency });
  console.log(toText(planTable(plan, { maxRows: Number.MAX_SAFE_INTEGER })));
  if (args.command === "plan" || args.confirm === undefined) {
    if (args.command === "apply" && plan.changes.length)
      console.log(`dry run: nothing changed; pass --confirm ${plan.organizationId ?? "new"} to apply`);
    return plan.changes.length ? EXIT.pending : EXIT.ok;
  }
  const result = await applyOrganizationPlan(ol, plan, {
    confirm: args.confirm,
    concurrency,
    onProgress: terminalProgress(),
  });
  console.log(toText(applyResultTable(result, { maxRows: Number.MAX_SAFE_INTEGER })));
  return result.counts.failed || result.counts.skipped ? EXIT.error : EXIT.ok;
}

await runCommand("error", USAGE, () => run(process.argv.slice(2)));
