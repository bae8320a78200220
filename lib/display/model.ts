import { maskedJson, redact } from "../redaction.js";

/** A table ready to render: cells are plain text (not escaped yet), `hiddenRows` rows were left out. */
export interface Table {
  kind: "table";
  title: string;
  columns: string[];
  rows: string[][];
  hiddenRows: number;
}

/** A short summary: a title and labelled values; `tone: "error"` renders as an error block. */
export interface Card {
  kind: "card";
  title: string;
  fields: Array<[label: string, value: string]>;
  tone?: "error";
}

/** What the renderers take: a table or a card. */
export type View = Table | Card;

/** Options of `show` and the table builders. */
export interface DisplayOptions {
  /** Shown before the row count, e.g. `"Members of Tutorial"`. */
  title?: string;
  /** Rows shown before the rest are counted instead (default 200). */
  maxRows?: number;
  /** For members: show only their roles in this organization (see `rolesInOrganization`). */
  organizationId?: string;
}

export const DEFAULT_MAX_ROWS = 200;
/** Longer cell values are cut, with `…`. */
export const MAX_CELL_LENGTH = 80;

/** One value as cell text: lists joined with commas, objects as JSON (secret fields hidden), long text cut. */
export function cellText(value: unknown): string {
  return shorten(redact(plain(value)), MAX_CELL_LENGTH);
}

function plain(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) && value.every((item) => typeof item !== "object" || item === null)) return value.join(", ");
  if (typeof value === "object") return maskedJson(value);
  return String(value);
}

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** `"2 members"`, `"1 member"`, preceded by the caller's title when there is one. */
export function heading(count: number, noun: string, title?: string): string {
  const counted = `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
  return redact(title ? `${title} · ${counted}` : counted);
}

/** A table column: its header and the value of its cell for one item. */
export type Column<T> = [name: string, cell: (item: T) => unknown];

/** Builds a table from items, one cell per column function, keeping at most `maxRows` rows. */
export function buildTable<T>(
  items: readonly T[],
  columns: Column<T>[],
  noun: string,
  options: DisplayOptions = {},
): Table {
  const maxRows = Math.max(0, Math.floor(options.maxRows ?? DEFAULT_MAX_ROWS));
  const shown = items.slice(0, maxRows);
  return {
    kind: "table",
    title: heading(items.length, noun, options.title),
    columns: columns.map(([name]) => name),
    rows: shown.map((item) => columns.map(([, cell]) => cellText(cell(item)))),
    hiddenRows: items.length - shown.length,
  };
}

/** The line under a truncated table: `… and 812 more rows`. */
export function moreRows(hiddenRows: number): string {
  return `… and ${hiddenRows.toLocaleString("en-US")} more row${hiddenRows === 1 ? "" : "s"}`;
}
