import { NewOrganization } from "../../lib/schemas/index.js";
import { EmailDomain, EmailDomains, Title } from "../../lib/schemas/input.js";
import { parseInput } from "../http/body.js";
import { adminOnly } from "../http/errors.js";
import { route } from "../http/router.js";
import {
  adminRoleAccount,
  renameDatabase,
  rollIntegrationCredential,
  setEmailDomains,
} from "../services/org-settings.js";
import {
  accessOrganization,
  createOrganization,
  deleteOrganization,
  describedOrganization,
  describedOrganizations,
  readableOrganizations,
  findOrganization,
  toOrganizationPrincipal,
} from "../services/organizations.js";
import { type RequestContext, uuid } from "./context.js";

const BASE = "/datastore/organizations";

function requireAdmin(ctx: RequestContext) {
  if (!ctx.caller.isAdmin) throw adminOnly();
}

/** The admin's e-mail-domain changes; on an unknown organization nothing happens (200), as on the real server. */
async function updateDomains(ctx: RequestContext, id: string, change: (current: string[]) => string[]) {
  const org = await findOrganization(ctx.db, uuid(id));
  if (org) await setEmailDomains(ctx.platform, org.id, change(org.email_domains));
}

/** The organizations endpoints of the real server (reference §1.1–1.2) that the sandbox serves. */
export const organizationRoutes = [
  route<RequestContext>("GET", BASE, async (ctx) => ({ json: await describedOrganizations(ctx.db, ctx.caller) })),
  route<RequestContext>("POST", BASE, async (ctx) => {
    const body = ctx.json(NewOrganization);
    return { json: await createOrganization(ctx.platform, ctx.caller, body) };
  }),
  route<RequestContext>("GET", `${BASE}/metadata`, async (ctx) => ({
    json: (await readableOrganizations(ctx.db, ctx.caller)).map(toOrganizationPrincipal),
  })),
  route<RequestContext>("GET", `${BASE}/{id}`, async (ctx, { id }) => ({
    json: await describedOrganization(ctx.db, ctx.caller, uuid(id)),
  })),
  route<RequestContext>("DELETE", `${BASE}/{id}`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    await deleteOrganization(ctx.platform, org.id, org.database_name, org.integration_user);
  }),
  route<RequestContext>("PUT", `${BASE}/{id}/title`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    const title = ctx.text();
    parseInput(Title, title); // stored as sent
    await ctx.db.query("UPDATE principals SET title = $2 WHERE id = $1", [org.id, title]);
  }),
  route<RequestContext>("PUT", `${BASE}/{id}/description`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    await ctx.db.query("UPDATE principals SET description = $2 WHERE id = $1", [org.id, ctx.text()]);
  }),
  route<RequestContext>("GET", `${BASE}/{id}/database`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "READ");
    return { text: org.database_name };
  }),
  route<RequestContext>("PATCH", `${BASE}/{id}/database`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    await renameDatabase(ctx.platform, org, ctx.text(true));
  }),
  route<RequestContext>("GET", `${BASE}/{id}/integration`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    return { json: { user: org.integration_user, credential: org.integration_credential } };
  }),
  route<RequestContext>("GET", `${BASE}/{id}/integration/roles`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    return { json: await adminRoleAccount(ctx.platform, org) };
  }),
  route<RequestContext>("PATCH", `${BASE}/{id}/integration`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    return { json: await rollIntegrationCredential(ctx.platform, org) };
  }),
  route<RequestContext>("GET", `${BASE}/{id}/email-domains`, async (ctx, { id }) => {
    const org = await accessOrganization(ctx.db, ctx.caller, uuid(id), "OWNER");
    return { json: org.email_domains };
  }),
  route<RequestContext>("PUT", `${BASE}/{id}/email-domains`, async (ctx, { id }) => {
    requireAdmin(ctx);
    const domains = ctx.json(EmailDomains);
    await updateDomains(ctx, id, () => domains);
  }),
  route<RequestContext>("POST", `${BASE}/{id}/email-domains`, async (ctx, { id }) => {
    requireAdmin(ctx);
    const domains = ctx.json(EmailDomains);
    await updateDomains(ctx, id, (current) => [...current, ...domains]);
  }),
  route<RequestContext>("DELETE", `${BASE}/{id}/email-domains`, async (ctx, { id }) => {
    requireAdmin(ctx);
    const domains = ctx.json(EmailDomains);
    await updateDomains(ctx, id, (current) => current.filter((d) => !domains.includes(d)));
  }),
  route<RequestContext>("PUT", `${BASE}/{id}/email-domains/{domain}`, async (ctx, { id, domain }) => {
    requireAdmin(ctx);
    const added = parseInput(EmailDomain, domain);
    await updateDomains(ctx, id, (current) => [...current, added]);
  }),
  route<RequestContext>("DELETE", `${BASE}/{id}/email-domains/{domain}`, async (ctx, { id, domain }) => {
    requireAdmin(ctx);
    const removed = parseInput(EmailDomain, domain);
    await updateDomains(ctx, id, (current) => current.filter((d) => d !== removed));
  }),
];
