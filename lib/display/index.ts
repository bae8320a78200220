export { show, toView } from "./show.js";
export { inKernel, displayBundleInKernel, displayInKernel } from "./kernel.js";
export { toHtml, escapeHtml } from "./html.js";
export { toText } from "./text.js";
export * from "./tables.js";
export { applyResultTable, planTable } from "./org-as-code.js";
export { errorCard, errorHint, objectCard, organizationCard } from "./cards.js";
export { DEFAULT_MAX_ROWS, type Card, type DisplayOptions, type Table, type View } from "./model.js";
