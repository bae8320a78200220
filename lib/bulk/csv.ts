import { CsvError, parse } from "csv-parse/sync";
import { InputError } from "../errors.js";
import { readTextFile } from "../text-file.js";

/** One row of a membership CSV: the user's e-mail and the titles of the roles to give them. */
export interface MembershipRow {
  /** The row's line in the file (the header is line 1), for reports. */
  line: number;
  email: string;
  roles: string[];
}

const EMAIL_COLUMNS = ["email", "e-mail"];
const ROLE_COLUMNS = ["roles", "role"];

/**
 * Reads membership rows from CSV text with a header row: an `email` column, and optionally a `roles` column of
 * role titles separated by `;`. Other columns are ignored; blank lines are skipped; quoting follows RFC 4180.
 * Rows are checked later, by `planBulkMembership`: a blank or unknown e-mail is a failure of its row.
 * @throws InputError naming `source` and the line when the CSV cannot be read or has no e-mail column.
 * @example parseMembershipCsv("email,roles\nmaya.okafor@example.org,Analyst;Reader\n")
 */
export function parseMembershipCsv(text: string, source = "CSV"): MembershipRow[] {
  if (typeof text !== "string") throw new InputError(source, "must be CSV text", text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    const options = {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      info: true,
    };
    records = parse(text, options) as unknown as typeof records; // with `info`, each record comes as {record, info}
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new InputError(source, `is not valid CSV: ${error.message}`);
  }
  const [header, ...rows] = records;
  const names = (header?.record ?? []).map((name) => name.toLowerCase());
  const emailColumn = names.findIndex((name) => EMAIL_COLUMNS.includes(name));
  const rolesColumn = names.findIndex((name) => ROLE_COLUMNS.includes(name));
  if (emailColumn < 0)
    throw new InputError(
      source,
      'needs a header row with an "email" column (and optionally "roles")',
      header?.record.join(","),
    );
  return rows.map(({ record, info }) => ({
    line: info.lines,
    email: record[emailColumn] ?? "",
    roles:
      rolesColumn < 0
        ? []
        : (record[rolesColumn] ?? "")
            .split(";")
            .map((role) => role.trim())
            .filter(Boolean),
  }));
}

/**
 * Reads membership rows from a CSV file (UTF-8); see `parseMembershipCsv`.
 * @throws InputError when the file cannot be read or is not a membership CSV.
 * @example const rows = readMembershipCsv("data/analysts.csv");
 */
export function readMembershipCsv(path: string): MembershipRow[] {
  if (typeof path !== "string" || path.trim() === "") throw new InputError("path", "must be a file path", path);
  return parseMembershipCsv(readTextFile(path, "path"), path);
}
