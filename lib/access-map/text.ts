import { LEGEND, type AccessPicture, type Matrix } from "./matrix.js";

/** Column headers in the text are cut to this many characters. */
const MAX_HEADER = 16;

/** An access map as plain text: the title, the counts, and both matrices with aligned columns ("·" for empty). */
export function accessMapText(picture: AccessPicture): string {
  return [picture.title, picture.summary, "", matrixText(picture.reach, LEGEND), "", matrixText(picture.holders)].join(
    "\n",
  );
}

function matrixText(matrix: Matrix, legend?: string): string {
  const heading = legend ? `${matrix.title} (${legend})` : matrix.title;
  if (matrix.rows.length === 0 || matrix.columns.length === 0) return `${heading}\n(${matrix.empty.toLowerCase()})`;
  const filled = new Map(matrix.cells.map((cell) => [`${cell.row}\n${cell.column}`, cell.text]));
  const headers = matrix.columns.map((column) =>
    column.length > MAX_HEADER ? `${column.slice(0, MAX_HEADER - 1)}…` : column,
  );
  const first = Math.max(...matrix.rows.map((row) => row.length));
  const line = (label: string, cells: string[]) =>
    [label.padEnd(first), ...cells.map((cell, i) => cell.padEnd(headers[i]!.length))].join("  ").trimEnd();
  return [
    heading,
    line("", headers),
    ...matrix.rows.map((row) =>
      line(
        row,
        matrix.columns.map((column) => filled.get(`${row}\n${column}`) ?? "·"),
      ),
    ),
  ].join("\n");
}
