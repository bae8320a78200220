import { ApiClient, type ApiClientOptions } from "./client.js";
import { loadConfiguration, type LoadConfigurationOptions } from "./config.js";
import { OrganizationsApi } from "./api/organizations.js";
import { PrincipalsApi } from "./api/principals.js";

/** One client with every API hanging off it, for tab completion in a notebook. */
export class OpenLattice {
  readonly organizations: OrganizationsApi;
  readonly principals: PrincipalsApi;

  constructor(readonly client: ApiClient) {
    this.organizations = new OrganizationsApi(client);
    this.principals = new PrincipalsApi(client);
  }
}

/**
 * The one-line short form: configuration from the environment and `.env`, then the client.
 * @example const { organizations } = connect();
 */
export function connect(options: LoadConfigurationOptions & ApiClientOptions = {}): OpenLattice {
  return new OpenLattice(new ApiClient(loadConfiguration(options), options));
}
