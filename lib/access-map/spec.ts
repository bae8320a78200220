import { LEGEND, type AccessPicture, type Level, type Matrix } from "./matrix.js";

/** Pixels per row and per column of a matrix. */
export const STEP = { row: 14, column: 24 };
const COLOURS: Record<Level, string> = {
  holds: "#4c78a8",
  OWNER: "#08306b",
  WRITE: "#2171b5",
  READ: "#9ecae1",
  other: "#d9d9d9",
};
const LIGHT_TEXT: readonly Level[] = ["OWNER", "WRITE", "holds"];
const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

/**
 * The Vega-Lite spec of an access map: the permissions panel above the members panel, both with the roles as
 * columns in the same order, so a role's column reads down from what it reaches to who holds it.
 */
export function accessMapSpec(picture: AccessPicture): object {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: picture.title, subtitle: picture.summary, anchor: "start", fontSize: 14 },
    vconcat: [panel(picture.reach, LEGEND), panel(picture.holders)],
    spacing: 24,
    config: {
      font: FONT,
      view: { stroke: "#ccc" },
      axis: {
        labelFontSize: 11,
        labelLimit: 0,
        ticks: false,
        domain: false,
        title: null,
        grid: true,
        gridColor: "#eee",
      },
      title: { subtitleColor: "#555" },
      aria: false,
    },
  };
}

/** One matrix: a rectangle per filled cell with its text, rows and columns in the picture's order. */
function panel(matrix: Matrix, subtitle?: string): object {
  const title = {
    text: matrix.title,
    subtitle,
    anchor: "start" as const,
    frame: "group" as const,
    fontSize: 12,
    subtitleFontSize: 11,
  };
  if (matrix.rows.length === 0 || matrix.columns.length === 0) {
    return {
      title,
      data: { values: [{ text: matrix.empty }] },
      mark: { type: "text", align: "left", fontStyle: "italic", color: "#777" },
      encoding: { text: { field: "text" }, x: { value: 0 } },
      width: 200,
      height: 20,
      view: { stroke: null },
    };
  }
  const x = {
    field: "column",
    type: "nominal",
    scale: { domain: matrix.columns },
    axis: { orient: "top", labelAngle: -40, bandPosition: 0 },
  };
  const y = { field: "row", type: "nominal", scale: { domain: matrix.rows }, axis: { bandPosition: 0 } };
  return {
    title,
    data: { values: matrix.cells },
    width: { step: STEP.column },
    height: { step: STEP.row },
    encoding: { x, y },
    layer: [
      {
        mark: { type: "rect", stroke: "white", strokeWidth: 1 },
        encoding: {
          color: {
            field: "level",
            type: "nominal",
            scale: { domain: Object.keys(COLOURS), range: Object.values(COLOURS) },
            legend: null,
          },
        },
      },
      ...(matrix.cells.some((cell) => cell.level !== "holds")
        ? [
            {
              mark: { type: "text", fontSize: 9 },
              encoding: {
                text: { field: "text" },
                color: {
                  condition: { test: `indexof(${JSON.stringify(LIGHT_TEXT)}, datum.level) >= 0`, value: "white" },
                  value: "black",
                },
              },
            },
          ]
        : []),
    ],
  };
}
