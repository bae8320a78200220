import assert from "node:assert/strict";

/** An element of a parsed SVG: its name, attributes (entities decoded), children, and its own text. */
export interface SvgElement {
  name: string;
  attributes: Record<string, string>;
  children: SvgElement[];
  text: string;
}

const TOKEN = /<(?:"[^"]*"|'[^']*'|[^'">])*>|[^<]+/g;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

/**
 * Parses an SVG document as strict XML, failing the test on what a browser's XML parser refuses: unbalanced or
 * crossed tags, a raw `<` or `&` in text or attributes, a duplicated attribute, content outside the root.
 */
export function parseSvg(svg: string): SvgElement {
  const root: SvgElement = { name: "#document", attributes: {}, children: [], text: "" };
  const open = [root];
  for (const [token] of svg.matchAll(TOKEN)) {
    const parent = open.at(-1)!;
    if (!token.startsWith("<")) {
      assert.ok(open.length > 1 || token.trim() === "", `text outside the root element: ${token.slice(0, 40)}`);
      parent.text += decode(token, "text");
    } else if (token.startsWith("</")) {
      assert.equal(token.slice(2, -1).trim(), parent.name, `</${token.slice(2, -1)}> closes <${parent.name}>`);
      open.pop();
    } else if (!token.startsWith("<?") && !token.startsWith("<!")) {
      const element = parseTag(token);
      assert.ok(open.length > 1 || root.children.length === 0, `a second root element <${element.name}>`);
      parent.children.push(element);
      if (!token.endsWith("/>")) open.push(element);
    }
  }
  assert.equal(open.length, 1, `unclosed <${open.at(-1)!.name}>`);
  assert.equal(root.children[0]?.name, "svg");
  return root.children[0]!;
}

/** Every element below `element` (depth first) that matches `test`. */
export function findAll(element: SvgElement, test: (element: SvgElement) => boolean): SvgElement[] {
  return element.children.flatMap((child) => [...(test(child) ? [child] : []), ...findAll(child, test)]);
}

/** A `<g>` whose class list has `name`. */
export const hasClass = (name: string) => (element: SvgElement) =>
  (element.attributes.class ?? "").split(" ").includes(name);

function parseTag(token: string): SvgElement {
  const [, name, rest] = /^<([\w:-]+)([\s\S]*?)\/?>$/.exec(token) ?? assert.fail(`malformed tag ${token.slice(0, 60)}`);
  const attributes: Record<string, string> = {};
  const ATTRIBUTE = /\s+([\w:-]+)="([^"]*)"|\s+([\w:-]+)='([^']*)'/gy;
  let consumed = 0;
  for (const match of rest!.matchAll(ATTRIBUTE)) {
    const key = match[1] ?? match[3]!;
    assert.ok(!(key in attributes), `attribute ${key} twice in <${name}>`);
    attributes[key] = decode(match[2] ?? match[4]!, `attribute ${key}`);
    consumed = match.index! + match[0].length;
  }
  assert.equal(rest!.slice(consumed).trim(), "", `malformed attributes in ${token.slice(0, 80)}`);
  return { name: name!, attributes, children: [], text: "" };
}

function decode(raw: string, where: string): string {
  assert.ok(!raw.replace(ENTITY, "").includes("&"), `a raw & in ${where}: ${raw.slice(0, 60)}`);
  assert.ok(!raw.includes("<"), `a raw < in ${where}`);
  return raw.replace(ENTITY, (entity) => {
    const named: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'" };
    if (named[entity]) return named[entity]!;
    return String.fromCodePoint(
      entity[2] === "x" ? parseInt(entity.slice(3, -1), 16) : parseInt(entity.slice(2, -1), 10),
    );
  });
}
