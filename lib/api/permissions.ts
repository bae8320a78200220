import { z } from "zod";
import type { ApiClient } from "../client.js";
import { InputError } from "../errors.js";
import { Acl, type AclData, AclExplanation } from "../schemas/index.js";
import { checkAclData, checkAclKey } from "./acl-data.js";

const BASE = "/datastore/permissions";

/**
 * The OpenLattice PermissionsApi (`/datastore/permissions`): who may do what on a securable object, identified
 * by its acl key (`[entitySetId]`, `[entitySetId, propertyTypeId]`, `[orgId]`, `[orgId, roleId]`…). Every call
 * needs OWNER on every acl key it touches (else a PermissionError). Build changes with `grantPermissions`,
 * `revokePermissions` and `setPermissions` (lib/api/acl-data.ts).
 * @example await permissionsApi.updateAcl(grantPermissions([entitySetId], { type: "ROLE", id: `${orgId}|Analyst` }, ["READ"]))
 */
export class PermissionsApi {
  constructor(readonly client: ApiClient) {}

  /**
   * `PATCH /datastore/permissions` — applies one change `{action, acl: {aclKey, aces}}`: ADD merges the
   * permissions, REMOVE subtracts them, SET replaces each listed principal's permissions. REQUEST is refused
   * before sending (the server rejects it).
   */
  async updateAcl(aclData: AclData): Promise<void> {
    return this.client.request({ method: "PATCH", path: BASE, json: checkAclData("aclData", aclData) });
  }

  /** `PATCH /datastore/permissions/update` — applies several changes in one call (the tutorial's `update_acls`). */
  async updateAcls(aclData: AclData[]): Promise<void> {
    if (!Array.isArray(aclData)) throw new InputError("aclData", "must be an array of {action, acl}", aclData);
    const json = aclData.map((data, i) => checkAclData(`aclData[${i}]`, data));
    return this.client.request({ method: "PATCH", path: `${BASE}/update`, json });
  }

  /** `POST /datastore/permissions` — every entry on one object, `{aclKey, aces}`; the body is the acl key array. */
  async getAcl(aclKey: string[]): Promise<Acl> {
    return this.client.request({
      method: "POST",
      path: BASE,
      json: checkAclKey("aclKey", aclKey),
      readsOnly: true,
      schema: Acl,
    });
  }

  /** `POST /datastore/permissions/bulk` — the entries on several objects, one Acl per acl key. */
  async getAcls(aclKeys: string[][]): Promise<Acl[]> {
    if (!Array.isArray(aclKeys)) throw new InputError("aclKeys", "must be an array of acl keys", aclKeys);
    const json = aclKeys.map((key, i) => checkAclKey(`aclKeys[${i}]`, key));
    return this.client.request({ method: "POST", path: `${BASE}/bulk`, json, readsOnly: true, schema: z.array(Acl) });
  }

  /**
   * `POST /datastore/permissions/explain` — why principals reach an object (owner of the object): for each
   * principal, the paths from a role or organization with an entry on it up to that principal, such as
   * `[[ROLE <orgId>|Analyst, USER <userId>]]` for a user who holds the Analyst role.
   */
  async getAclExplanation(aclKey: string[]): Promise<AclExplanation[]> {
    const json = checkAclKey("aclKey", aclKey);
    return this.client.request({
      method: "POST",
      path: `${BASE}/explain`,
      json,
      readsOnly: true,
      schema: z.array(AclExplanation),
    });
  }
}
