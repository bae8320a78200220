import { moreRows, type Card, type Table, type View } from "./model.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** `text` safe inside HTML elements and quoted attributes: `& < > " '` escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/**
 * One small style sheet scoped to `div.ol-display`, sent with each output (outputs must stand alone). Where a front
 * end strips `<style>` (an untrusted notebook), its own table styles apply instead.
 */
const STYLE = [
  "div.ol-display{font:12.5px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2px 0}",
  "div.ol-display .ol-title{font-weight:600;margin:0 0 4px}",
  "div.ol-display table{border-collapse:collapse;margin:0;border:none;font-size:inherit}",
  "div.ol-display th,div.ol-display td{padding:2px 12px 2px 0;text-align:left;vertical-align:top;white-space:nowrap;border:none;background:none}",
  "div.ol-display thead th{border-bottom:1px solid #999}",
  "div.ol-display .ol-note{color:#777;font-style:italic;margin-top:4px}",
  "div.ol-card{border:1px solid #ccc;border-radius:4px;padding:6px 12px;display:inline-block}",
  "div.ol-card th{color:#666;font-weight:normal}",
  "div.ol-card td{white-space:normal}",
  "div.ol-error{border:none;border-left:4px solid #d33;border-radius:0;background:rgba(221,51,51,.07);display:block}",
].join("");

/** A table or card as a self-contained HTML fragment; every text is escaped. */
export function toHtml(view: View): string {
  const classes =
    view.kind === "table" ? "ol-display" : `ol-display ol-card${view.tone === "error" ? " ol-error" : ""}`;
  const body = view.kind === "table" ? tableHtml(view) : cardHtml(view);
  return `<div class="${classes}"><style>${STYLE}</style><div class="ol-title">${escapeHtml(view.title)}</div>${body}</div>`;
}

function tableHtml(table: Table): string {
  if (table.rows.length === 0) return note("(none)");
  const head = `<thead><tr>${table.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join("")}</tr></thead>`;
  const rows = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`);
  return `<table>${head}<tbody>${rows.join("")}</tbody></table>${table.hiddenRows > 0 ? note(moreRows(table.hiddenRows)) : ""}`;
}

function cardHtml(card: Card): string {
  if (card.fields.length === 0) return "";
  const rows = card.fields.map(
    ([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
  );
  return `<table><tbody>${rows.join("")}</tbody></table>`;
}

function note(text: string): string {
  return `<div class="ol-note">${escapeHtml(text)}</div>`;
}
