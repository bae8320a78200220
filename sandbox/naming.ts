/**
 * The names the sandbox gives what it makes, as the real server names them: in PostgreSQL (organizations'
 * databases, their integration logins, roles' group roles, users' own logins) and among principals (the admin
 * role). Whatever makes, recognizes or removes one of these asks here.
 */
export { defaultDatabaseName } from "../lib/database-name.js";

/** A name `defaultDatabaseName` gives (`org_` and 32 hex digits), as a pattern JavaScript and PostgreSQL (`~`) both read. */
export const DEFAULT_DATABASE_NAME = /^org_[0-9a-f]{32}$/;

/** How every login and group role the platform makes starts (users' own logins aside). */
export const INTERNAL_ROLE_PREFIX = "ol-internal|";

const INTEGRATION_LOGIN_PREFIX = `${INTERNAL_ROLE_PREFIX}organization|`;
const ROLE_GROUP_PREFIX = `${INTERNAL_ROLE_PREFIX}role|`;

/** The organization's integration login to its database: `ol-internal|organization|<organizationId>`. */
export const integrationLogin = (organizationId: string) => `${INTEGRATION_LOGIN_PREFIX}${organizationId}`;

/** Whether a PostgreSQL role is an organization's integration login. */
export const isIntegrationLogin = (role: string) => role.startsWith(INTEGRATION_LOGIN_PREFIX);

/** The PostgreSQL group role standing for an organization's role (`ol-internal|role|<roleId>`); its holders' logins are granted it. */
export const roleGroup = (roleId: string) => `${ROLE_GROUP_PREFIX}${roleId}`;

/** Whether a PostgreSQL role is a role's group role. */
export const isRoleGroup = (role: string) => role.startsWith(ROLE_GROUP_PREFIX);

/** A user's own PostgreSQL login (`user0042`), numbered in the order made, as SQL that takes the next number. */
export const NEXT_USER_LOGIN_SQL = "'user' || lpad(nextval('db_login_numbers')::text, 4, '0')";

/** A name NEXT_USER_LOGIN_SQL gives, as a pattern JavaScript and PostgreSQL (`~`) both read. */
export const USER_LOGIN = /^user[0-9]{4}$/;

/** The title of the role made with an organization: `<organization principal id> - ADMIN`. */
export const adminRoleTitle = (organizationPrincipalId: string) => `${organizationPrincipalId} - ADMIN`;

/** The principal id of a role the platform makes in an organization: `<organizationId>|<title>`. */
export const rolePrincipalId = (organizationId: string, title: string) => `${organizationId}|${title}`;
