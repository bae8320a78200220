import { check } from "./api/args.js";

/**
 * The name the platform gives an organization's database when it creates it: `org_` and the id without dashes, in lower case.
 * @example defaultDatabaseName("279b202f-6170-4f14-b021-ea904f758e27") // "org_279b202f61704f14b021ea904f758e27"
 */
export function defaultDatabaseName(organizationId: string): string {
  return `org_${check.uuid("organizationId", organizationId).replaceAll("-", "").toLowerCase()}`;
}
