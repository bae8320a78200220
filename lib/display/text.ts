import { moreRows, type Card, type Table, type View } from "./model.js";

/** A table or card as plain text: aligned columns, or `label: value` lines. */
export function toText(view: View): string {
  return view.kind === "table" ? tableText(view) : cardText(view);
}

function tableText(table: Table): string {
  if (table.rows.length === 0) return `${table.title}\n(none)`;
  const widths = table.columns.map((column, i) => Math.max(column.length, ...table.rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const lines = [
    table.title,
    line(table.columns),
    line(widths.map((width) => "-".repeat(width))),
    ...table.rows.map(line),
  ];
  if (table.hiddenRows > 0) lines.push(moreRows(table.hiddenRows));
  return lines.join("\n");
}

function cardText(card: Card): string {
  const width = Math.max(0, ...card.fields.map(([label]) => label.length));
  return [card.title, ...card.fields.map(([label, value]) => `  ${`${label}:`.padEnd(width + 1)} ${value}`)].join("\n");
}
