import { z } from "zod";

/**
 * The rules for what a caller sends, applied by both sides: the client refuses a value that breaks one before
 * sending (an InputError: the argument "must be" the rule's description), the sandbox answers it with 400 and
 * the rule's message, in the real server's words.
 */

/** An organization's, a role's or a property type's title: not blank. */
export const Title = z.string().trim().min(1, "Title cannot be blank.").describe("a non-blank string");

/** An organization's or a role's description: any text. */
export const Description = z.string().describe("a string");

/** An auto-approved e-mail domain (`example.org`): not blank. */
export const EmailDomain = z.string().trim().min(1, "E-mail domains cannot be blank.").describe("a non-blank string");
export const EmailDomains = z.array(EmailDomain).describe("an array of non-blank strings");

const databaseNameLength = (issue: { input?: unknown }) =>
  `Database name ${String(issue.input)} is invalid: names must be between 8 and 50 characters, inclusive.`;

/**
 * The name an organization's database is renamed to: 8 to 50 characters. The real server's check of its
 * characters never refuses any; the sandbox adds its own (org-settings.ts).
 */
export const DatabaseName = z
  .string()
  .min(8, { error: databaseNameLength })
  .max(50, { error: databaseNameLength })
  .describe("8 to 50 characters long");

/** A role's principal: type ROLE and a non-blank id (by convention `<organizationId>|<title>`). */
export const RolePrincipal = z.object({
  type: z.literal("ROLE", { error: "Role principal type must be ROLE" }),
  id: z.string().trim().min(1, "Role principal id cannot be blank."),
});

const searchTerm = (field: string) =>
  z.string().trim().min(1, `${field} cannot be blank`).describe("a non-blank string");

/** The field of a user search, one of the two (`searchUsers({ email })`): not blank. */
export const UserSearchTerm = { email: searchTerm("email"), name: searchTerm("name") };
