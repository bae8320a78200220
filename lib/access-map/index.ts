import { InputError } from "../errors.js";
import { readAccessInput, type AccessMapInput } from "./input.js";
import { accessPicture } from "./matrix.js";
import { renderSvg } from "./render.js";
import { accessMapSpec } from "./spec.js";
import { accessMapText } from "./text.js";

export type { AccessList, AccessMapInput } from "./input.js";

/** Options of `accessMap`. */
export interface AccessMapOptions {
  /** The picture's title (default: "Access map · " and the organization's title). */
  title?: string;
}

/** A picture of who can reach what; `show(map)` draws the SVG in a notebook and prints the text elsewhere. */
export interface AccessMap {
  readonly kind: "access-map";
  /** The picture as a standalone SVG document. */
  readonly svg: string;
  /** The same as aligned plain text. */
  readonly text: string;
  /** What `show` sends to a notebook: `image/svg+xml` with the text beside it. */
  toMimeBundle(): { "text/plain": string; "image/svg+xml": string };
}

/**
 * Draws an organization document (`exportOrganization`'s, or `{ title, roles, members, permissions }` built by
 * hand): which members hold which roles, and which permissions roles and members hold on entity sets and tables.
 * Refuses a malformed document with an `InputError` naming the key, before drawing anything.
 * @example show(await accessMap(await exportOrganization(ol, organizationId)));
 */
export async function accessMap(document: AccessMapInput, options: AccessMapOptions = {}): Promise<AccessMap> {
  if (options.title !== undefined && typeof options.title !== "string")
    throw new InputError("options.title", "must be a string", options.title);
  const picture = accessPicture(readAccessInput(document), options.title);
  const svg = await renderSvg(accessMapSpec(picture));
  const text = accessMapText(picture);
  return {
    kind: "access-map",
    svg,
    text,
    toMimeBundle: () => ({ "text/plain": text, "image/svg+xml": svg }),
    // left as a cell's last expression (printed with console.log), or inspected in a REPL: the text, not the SVG
    [Symbol.for("nodejs.util.inspect.custom")]: () => text,
  } as AccessMap;
}
