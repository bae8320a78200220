import { z } from "zod";
import type { ApiClient } from "../client.js";
import { InputError } from "../errors.js";
import { type AccessCheck, Authorization } from "../schemas/index.js";
import { checkAclKey, checkPermissions } from "./acl-data.js";

/**
 * The OpenLattice AuthorizationsApi (`/datastore/authorizations`): what the calling user may do, through any
 * principal they hold (their roles, their organizations). Any acl key may be asked about; unknown ones answer false.
 * @example const [people] = await authorizationsApi.getAuthorizations([{ aclKey: [entitySetId], permissions: ["READ", "WRITE"] }])
 */
export class AuthorizationsApi {
  constructor(readonly client: ApiClient) {}

  /**
   * `POST /datastore/authorizations` — one answer per acl key (checks on the same key are merged), each asked
   * permission mapped to `true` or `false`: `{aclKey, permissions: {READ: true, WRITE: false}}`.
   */
  async getAuthorizations(checks: AccessCheck[]): Promise<Authorization[]> {
    if (!Array.isArray(checks)) throw new InputError("checks", "must be an array of {aclKey, permissions}", checks);
    const json = checks.map((check, i) => ({
      aclKey: checkAclKey(`checks[${i}].aclKey`, check?.aclKey),
      permissions: checkPermissions(`checks[${i}].permissions`, check?.permissions),
    }));
    return this.client.request({
      method: "POST",
      path: "/datastore/authorizations",
      json,
      readsOnly: true,
      schema: z.array(Authorization),
    });
  }
}
