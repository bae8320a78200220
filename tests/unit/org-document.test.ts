import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { InputError } from "../../lib/errors.js";
import { memberNames, type OrganizationDocument } from "../../lib/org-as-code/document.js";
import {
  OrganizationDocumentError,
  readOrganizationDocument,
  toYaml,
  validateOrganizationDocument,
} from "../../lib/org-as-code/yaml.js";

const GOOD = `version: 1
organization:
  title: Tutorial organization
roles:
  items:
    - title: Analysts
      description: Read the people
members:
  prune: true
  items:
    - email: alice@example.com
      roles: [Analysts]
permissions:
  items:
    - entitySet: tutorial_people
      role: Analysts
      permissions: [READ]
`;

/** GOOD with line `line` (from 1) replaced by `text`. */
function withLine(line: number, text: string): string {
  const lines = GOOD.split("\n");
  lines[line - 1] = text;
  return lines.join("\n");
}

function refused(yaml: string, pattern: RegExp) {
  assert.throws(
    () => readOrganizationDocument(yaml),
    (error: unknown) => {
      assert.ok(error instanceof OrganizationDocumentError && error instanceof InputError, String(error));
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe("reading an organization document", () => {
  it("fills in the defaults: no prune, empty sections, blank descriptions", () => {
    const document = readOrganizationDocument(GOOD);
    assert.equal(document.roles.prune, false);
    assert.equal(document.members.prune, true);
    assert.deepEqual(document.roles.items, [{ title: "Analysts", description: "Read the people", grants: [] }]);
    assert.deepEqual(document.entitySets, []);
    assert.equal(document.organization.description, undefined, "an absent field is left as it is, not blanked");
  });

  it("reads a file, and names it in errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "org-doc-"));
    const file = join(dir, "organization.yaml");
    writeFileSync(file, withLine(11, "    - email: alice@example"));
    assert.throws(
      () => readOrganizationDocument(file),
      /organization\.yaml line 11, members\.items\[0\]\.email: must be an e-mail address/,
    );
    writeFileSync(file, GOOD);
    assert.equal(readOrganizationDocument(file).members.items[0]!.email, "alice@example.com");
    assert.throws(() => readOrganizationDocument(join(dir, "missing.yaml")), /source cannot be read \(ENOENT\)/);
  });

  it("refuses malformed YAML with its line", () => {
    refused(withLine(6, "      description: [unclosed"), /^document line \d+, document: is not valid YAML/);
  });

  it("refuses an unknown key, naming its line and path", () => {
    refused(withLine(10, "  itemz:"), /document line 10, members\.itemz: is not a known key/);
    refused(
      `${GOOD}colour: blue\n`,
      /document line 18, colour: is not a known key \(one of version, organization, roles/,
    );
  });

  it("refuses a role named twice, naming the second", () => {
    refused(
      GOOD.replace("      description: Read the people\n", "    - title: Analysts\n"),
      /document line 7, roles\.items\[1\]\.title: names a role titled "Analysts" again \(first at roles\.items\[0\]\)/,
    );
  });

  it("refuses a member named twice in any case", () => {
    refused(
      GOOD.replace("      roles: [Analysts]\n", "    - email: Alice@Example.com\n"),
      /members\.items\[1\]\.email: names the member "alice@example\.com" again/,
    );
  });

  it("reads a member without an e-mail by user id, and a permission member as either", () => {
    const document = readOrganizationDocument(
      GOOD.replace("    - email: alice@example.com\n", "    - userId: auth0|build-bot\n").replace(
        "      role: Analysts\n      permissions",
        "      member: samlp|MetroHealth|pat@metro.example\n      permissions",
      ),
    );
    assert.deepEqual(document.members.items, [{ userId: "auth0|build-bot", roles: ["Analysts"] }]);
    assert.equal(document.permissions.items[0]!.member, "samlp|MetroHealth|pat@metro.example");
  });

  it("refuses a member with neither e-mail nor user id, a user id without its provider, a member named twice by id", () => {
    refused(
      GOOD.replace("    - email: alice@example.com\n      roles", "    - roles"),
      /line 11, members\.items\[0\]: needs an email, or a userId for a user without one/,
    );
    refused(
      GOOD.replace("    - email: alice@example.com\n", "    - userId: build-bot\n"),
      /line 11, members\.items\[0\]\.userId: must be a user id like auth0\|/,
    );
    refused(
      GOOD.replace("      roles: [Analysts]\n", "    - userId: auth0|x\n    - userId: auth0|x\n"),
      /line 13, members\.items\[2\]\.userId: names the member "auth0\|x" again \(first at members\.items\[1\]\)/,
    );
    refused(
      GOOD.replace("      role: Analysts\n", "      member: alice\n"),
      /line 16, permissions\.items\[0\]\.member: must be an e-mail address like name@example\.org or a user id like auth0\|/,
    );
  });

  it("refuses a document of a newer version", () => {
    refused(
      withLine(1, "version: 2"),
      /document line 1, version: is 2, made by a newer version of the kit; this one reads version 1/,
    );
  });

  it("refuses a missing version and a wrong type", () => {
    refused(GOOD.replace("version: 1\n", ""), /document line 1, document: needs `version: 1`/);
    refused(withLine(9, "  prune: yes please"), /line 9, members\.prune: expected boolean, received string/);
  });

  it("refuses a permission with both or neither of entitySet and table, role and member", () => {
    refused(
      GOOD.replace("      role: Analysts\n", ""),
      /permissions\.items\[0\]: needs exactly one of role and member/,
    );
    refused(
      GOOD.replace("      role: Analysts\n", "      role: Analysts\n      table: visits\n"),
      /needs exactly one of entitySet and table/,
    );
    refused(
      GOOD.replace("[READ]", "[READ, SEE]"),
      /line 17, permissions\.items\[0\]\.permissions\[1\]: invalid option/,
    );
  });

  it("checks a document built in code the same way, without lines", () => {
    assert.throws(
      () => validateOrganizationDocument({ version: 1, roles: { items: [{ title: "A" }, { title: "A" }] } }),
      /document, roles\.items\[1\]\.title: names a role titled "A" again/,
    );
  });
});

describe("writing an organization document", () => {
  it("writes YAML that reads back as the same document, with comments", () => {
    const document = readOrganizationDocument(GOOD);
    const yaml = toYaml(document, { header: "exported from http://localhost:8080" });
    assert.match(yaml, /^# exported from http:\/\/localhost:8080\n/);
    assert.match(yaml, /prune: true # true: members missing here are removed/);
    assert.deepEqual(readOrganizationDocument(yaml), document);
  });

  it("writes a member without an e-mail by user id, with the name export knew as a comment", () => {
    const document: OrganizationDocument = readOrganizationDocument(GOOD);
    const bot = { userId: "auth0|build-bot", roles: [] };
    memberNames.set(bot, "Build Bot");
    document.members.items.push(bot, { userId: "auth0|nameless", roles: [] });
    const yaml = toYaml(document);
    assert.match(yaml, /- userId: auth0\|build-bot # Build Bot: no e-mail, matched by user id\n/);
    assert.match(yaml, /- userId: auth0\|nameless # no e-mail, matched by user id\n/);
    assert.deepEqual(readOrganizationDocument(yaml).members.items, document.members.items);
  });

  it("refuses to write an invalid document", () => {
    assert.throws(
      () => toYaml({ version: 1, roles: { items: [{ title: " " }] } } as never),
      /document\.roles\.items\.0\.title|document\.roles\.items\[0\]\.title must not be blank/,
    );
  });
});
