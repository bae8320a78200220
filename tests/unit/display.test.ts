import assert from "node:assert/strict";
import { test } from "node:test";
import { Configuration } from "../../lib/config.js";
import { show, toHtml, toText, toView, type Table, type View } from "../../lib/display/index.js";
import { ApiError, AuthenticationError, InputError, NotFoundError, PermissionError } from "../../lib/errors.js";
import { entitySet, member, ORG, organization, role } from "./display-fixtures.js";

const NASTY = `<img src=x onerror="alert('x')">&amp;`;
const views = (text: string): Array<[string, View]> => [
  ["organizations", toView([organization(text)], { title: text })],
  ["organization", toView(organization(text))],
  ["members", toView([member(text)], { title: text, organizationId: ORG })],
  ["roles", toView([role(text)], { title: text })],
  ["entity sets", toView([entitySet(text)], { title: text })],
  ["objects", toView([{ [text]: text }], { title: text })],
  ["object", toView({ [text]: text }, { title: text })],
  ["error", toView(new InputError(text, text))],
];

/** Prints through console.log while capturing it; answers what was printed. */
function printed(action: () => void): string {
  const original = console.log;
  const lines: string[] = [];
  console.log = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    action();
  } finally {
    console.log = original;
  }
  return lines.join("\n");
}

test("every cell, label and title is HTML-escaped: < > & \" '", () => {
  for (const [name, view] of views(NASTY)) {
    const html = toHtml(view);
    const shown = html.replace(/<style>.*?<\/style>/s, "").replace(/<[^>]*>/g, "\n");
    assert.ok(!html.includes("<img"), `${name}: raw markup in ${html}`);
    assert.doesNotMatch(shown, /[<>"']/, `${name}: an unescaped character in the text`);
    assert.doesNotMatch(shown, /&(?!(amp|lt|gt|quot|#39);)/, `${name}: a bare &`);
    assert.ok(
      shown.includes("&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;amp;"),
      `${name}: the escaped text is shown`,
    );
    assert.ok(toText(view).includes(NASTY), `${name}: plain text keeps the text as is`);
  }
});

test("tables stop at 200 rows by default and count the rest", () => {
  const rows = Array.from({ length: 1012 }, (_, i) => ({ n: i }));
  const table = toView(rows) as Table;
  assert.equal(table.rows.length, 200);
  assert.equal(table.title, "1,012 rows");
  assert.match(toText(table), /\n199\n… and 812 more rows$/);
  assert.match(toHtml(table), /<td>199<\/td><\/tr><\/tbody><\/table><div class="ol-note">… and 812 more rows<\/div>/);
  assert.equal((toView(rows, { maxRows: 1011 }) as Table).hiddenRows, 1);
  assert.match(toText(toView(rows, { maxRows: 1011 })), /… and 1 more row$/);
  assert.doesNotMatch(toText(toView(rows.slice(0, 200))), /more row/);
});

test("outside a kernel, show prints the plain text: aligned columns, the organization's roles only", () => {
  const text = printed(() =>
    show([member("Sam Patel"), member("Jordan Lee")], { organizationId: ORG, title: "Members of Sample" }),
  );
  assert.equal(
    text,
    [
      "Members of Sample · 2 members",
      "name        email                   user id           roles",
      "----------  ----------------------  ----------------  ---------------",
      "Sam Patel   Sam Patel@example.org   auth0|Sam Patel   Sam Patel here",
      "Jordan Lee  Jordan Lee@example.org  auth0|Jordan Lee  Jordan Lee here",
    ].join("\n"),
  );
  assert.match(
    printed(() => show([member()])),
    /roles \(all organizations\)[\s\S]*Sam Patel here, Sam Patel elsewhere/,
  );
  assert.equal(
    printed(() => show([], { title: "Holders" })),
    "Holders\n(none)",
  );
  assert.equal(toText(toView([], { maxRows: 5 })), "Nothing to show\n(none)");
});

test("show picks the table for each type from lib/schemas, and a card for an organization", () => {
  const columns = (value: unknown) => (toView(value) as Table).columns.join(", ");
  assert.equal(columns([organization()]), "title, id, principal, members, roles, description");
  assert.equal(columns([member()]), "name, email, user id, roles (all organizations)");
  assert.equal(columns([role()]), "title, description, principal, id");
  assert.equal(columns(member().roles), "title, description, principal, id");
  assert.equal(columns([member().principal, role()]), "type, title, principal, id");
  assert.equal(columns([entitySet()]), "name, title, description, id");
  assert.equal(columns([member().profile]), "name, email, user id");
  assert.equal(columns(["a", "b"]), "value");
  assert.equal(
    toText(toView(organization())),
    [
      "Sample",
      `  id:             ${ORG}`,
      "  principal:      Sample",
      "  description:    Sample",
      "  members:        1",
      "  roles:          Sample",
      "  e-mail domains: Sample",
    ].join("\n"),
  );
});

test("an error block names the class, status, message, request and request id, with a hint for 401s", () => {
  const forbidden = {
    errors: [{ error: { type: "forbidden", code: 403 }, message: "Only admins are allowed to perform this action." }],
  };
  const init = {
    status: 401,
    method: "PUT",
    path: `/datastore/organizations/${ORG}/email-domains`,
    requestId: "req-7",
  };
  const permission = ApiError.from({ ...init, body: forbidden });
  const authentication = ApiError.from({ ...init, body: "" });
  assert.ok(permission instanceof PermissionError && authentication instanceof AuthenticationError);
  assert.equal(
    toText(toView(permission)),
    [
      "PermissionError · HTTP 401",
      "  message:    Only admins are allowed to perform this action.",
      `  request:    PUT /datastore/organizations/${ORG}/email-domains`,
      "  request id: req-7",
      "  hint:       you lack the permission this call needs (member/owner/admin)",
    ].join("\n"),
  );
  assert.match(
    toText(toView(authentication)),
    /^AuthenticationError · HTTP 401\n[\s\S]*\n {2}hint: {7}the token was refused: expired or invalid — get a fresh one$/,
  );
  const notFound = toText(toView(new NotFoundError({ ...init, status: 404 })));
  assert.match(notFound, /^NotFoundError · HTTP 404\n/);
  assert.doesNotMatch(notFound, /hint/);
  assert.equal(
    toText(toView(new InputError("organizationId", "must be a UUID", "x"))),
    'InputError\n  message: organizationId must be a UUID, got "x"',
  );
  assert.match(toHtml(toView(permission)), /^<div class="ol-display ol-card ol-error">/);
});

test("no credential-like field and no token is ever rendered", () => {
  const credential = "Zq3-integration-password-29ch";
  const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhdXRoMHwxIn0.c2lnbmF0dXJl";
  const account = { user: `ol-internal|organization|${ORG}`, credential };
  const values: unknown[] = [
    account,
    [account],
    [{ username: "user0042", credential }],
    [{ name: "nested", account }],
    { accessToken: jwt, password: credential, apiKey: credential, secret: credential },
    [{ note: `Bearer ${jwt}` }, { note: jwt }, { url: `postgres://user0042:${credential}@localhost:5432/org` }],
    new Configuration({ host: "http://localhost:8080", accessToken: jwt }),
    new Error(`connect failed: postgres://user0042:${credential}@db/x with ${jwt}`),
  ];
  for (const value of values) {
    const view = toView(value);
    for (const out of [toHtml(view), toText(view), printed(() => show(value))]) {
      assert.ok(!out.includes(credential), `credential shown: ${out}`);
      assert.ok(!out.includes(jwt) && !out.includes("c2lnbmF0dXJl"), `token shown: ${out}`);
    }
  }
  assert.match(toText(toView([account])), /credential\n[\s\S]*\[redacted\]/);
  assert.match(toText(toView(account)), /credential: \[redacted\]/);
});
