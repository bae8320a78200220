import { ApiClient, type ApiClientOptions } from "./client.js";
import { loadConfiguration, type LoadConfigurationOptions } from "./config.js";
import { AuthorizationsApi } from "./api/authorizations.js";
import { DataApi } from "./api/data.js";
import { DatasetApi } from "./api/dataset.js";
import { EdmApi } from "./api/edm.js";
import { EntitySetsApi } from "./api/entity-sets.js";
import { OrganizationsApi } from "./api/organizations.js";
import { PermissionsApi } from "./api/permissions.js";
import { PrincipalsApi } from "./api/principals.js";

/** One client with every API hanging off it, for tab completion in a notebook. */
export class OpenLattice {
  readonly organizations: OrganizationsApi;
  readonly principals: PrincipalsApi;
  readonly entitySets: EntitySetsApi;
  readonly permissions: PermissionsApi;
  readonly authorizations: AuthorizationsApi;
  readonly data: DataApi;
  readonly datasets: DatasetApi;
  readonly edm: EdmApi;

  constructor(readonly client: ApiClient) {
    this.organizations = new OrganizationsApi(client);
    this.principals = new PrincipalsApi(client);
    this.entitySets = new EntitySetsApi(client);
    this.permissions = new PermissionsApi(client);
    this.authorizations = new AuthorizationsApi(client);
    this.data = new DataApi(client);
    this.datasets = new DatasetApi(client);
    this.edm = new EdmApi(client);
  }
}

/**
 * The one-line short form: configuration from the environment and `.env`, then the client.
 * @example const { organizations } = connect();
 */
export function connect(options: LoadConfigurationOptions & ApiClientOptions = {}): OpenLattice {
  return new OpenLattice(new ApiClient(loadConfiguration(options), options));
}
