import { STEP } from "../../lib/access-map/spec.js";
import { findAll, hasClass, parseSvg, type SvgElement } from "./svg.js";

// Reads an access map's SVG (`accessMap(…).svg`) back: what a reader sees in each of its two panels.

/** One panel of the drawn SVG: its row and column labels, and each filled cell as "row|column" with its text. */
export interface DrawnPanel {
  rows: string[];
  columns: string[];
  cells: Map<string, string>;
}

/** Reads both panels back from the SVG: axis labels in order, rectangles placed by their top-left corner. */
export function drawnPanels(svg: string): { reach: DrawnPanel; holders: DrawnPanel; texts: string[] } {
  const root = parseSvg(svg);
  const panel = (index: number): DrawnPanel => {
    const scope = findAll(root, hasClass(`concat_${index}_group`))[0]!;
    const labels = findAll(scope, hasClass("role-axis-label")).map((group) => group.children);
    const [rowLabels, columnLabels] = [labels.find(isRowAxis) ?? [], labels.find((texts) => !isRowAxis(texts)) ?? []];
    const rows = rowLabels.map((text) => text.text);
    const columns = columnLabels.map((text) => text.text);
    const rects = findAll(scope, hasClass(`concat_${index}_layer_0_marks`))[0]?.children ?? [];
    const letters = findAll(scope, hasClass(`concat_${index}_layer_1_marks`))[0]?.children ?? [];
    const cells = new Map<string, string>();
    rects.forEach((rect, i) => {
      const [x, y] = /^M([\d.]+),([\d.]+)/.exec(rect.attributes.d!)!.slice(1).map(Number) as [number, number];
      cells.set(`${rows[Math.round(y / STEP.row)]}|${columns[Math.round(x / STEP.column)]}`, letters[i]?.text ?? "●");
    });
    return { rows, columns, cells };
  };
  const texts = findAll(root, (element) => element.name === "text").map((element) => element.text);
  return { reach: panel(0), holders: panel(1), texts };
}

const isRowAxis = (texts: SvgElement[]) => texts.every((text) => text.attributes["text-anchor"] === "end");
