/**
 * The control database's tables: the platform's state. Every organization also has a real database of
 * its own (`org_<uuid without dashes>`), which lives beside this one on the same cluster.
 */
export const CONTROL_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  user_id text PRIMARY KEY,
  profile jsonb NOT NULL
);

-- Securable principals: users, organizations and roles. principal_id is unique, as the real server reserves it.
CREATE TABLE IF NOT EXISTS principals (
  id uuid PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('USER', 'ORGANIZATION', 'ROLE')),
  principal_id text NOT NULL UNIQUE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  organization_id uuid,
  acl_key uuid[] NOT NULL
);

-- holder holds held: a user holds a role or an organization principal; closures give a caller's principals.
CREATE TABLE IF NOT EXISTS principal_edges (
  holder uuid NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
  held uuid NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
  PRIMARY KEY (holder, held)
);
-- Who holds a principal: an organization's members, a role's users.
CREATE INDEX IF NOT EXISTS principal_edges_held ON principal_edges (held);

-- Access control entries: the permissions a principal has on a securable object's acl key.
CREATE TABLE IF NOT EXISTS aces (
  acl_key uuid[] NOT NULL,
  principal uuid NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
  permissions text[] NOT NULL,
  PRIMARY KEY (acl_key, principal)
);
-- Every entry on an object and on its parts (an entity set's properties, a table's columns), by the key's first id.
CREATE INDEX IF NOT EXISTS aces_object ON aces ((acl_key[1]));

CREATE TABLE IF NOT EXISTS organizations (
  id uuid PRIMARY KEY REFERENCES principals(id),
  admin_role_id uuid NOT NULL,
  email_domains text[] NOT NULL DEFAULT '{}',
  apps uuid[] NOT NULL DEFAULT '{}',
  connections text[] NOT NULL DEFAULT '{}',
  grants jsonb NOT NULL DEFAULT '{}',
  database_name text NOT NULL UNIQUE,
  integration_user text NOT NULL,
  integration_credential text NOT NULL
);

-- Each user's own PostgreSQL login (user0001, …), made when first needed; members may connect to their orgs' databases.
CREATE SEQUENCE IF NOT EXISTS db_login_numbers;
CREATE TABLE IF NOT EXISTS db_logins (
  user_id text PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
  username text NOT NULL UNIQUE,
  credential text NOT NULL
);

-- The database login of an organization's admin role (its group role, made LOGIN when first asked for).
CREATE TABLE IF NOT EXISTS role_logins (
  role_id uuid PRIMARY KEY REFERENCES principals(id) ON DELETE CASCADE,
  credential text NOT NULL
);

-- The data model: property types, entity types (an ordered list of property types), entity sets and their entities.
CREATE TABLE IF NOT EXISTS property_types (
  id uuid PRIMARY KEY,
  namespace text NOT NULL,
  name text NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  datatype text NOT NULL,
  multi_valued boolean NOT NULL DEFAULT false,
  UNIQUE (namespace, name)
);
CREATE TABLE IF NOT EXISTS entity_types (
  id uuid PRIMARY KEY,
  namespace text NOT NULL,
  name text NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  key uuid[] NOT NULL,
  properties uuid[] NOT NULL,
  UNIQUE (namespace, name)
);
CREATE TABLE IF NOT EXISTS entity_sets (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  contacts text[] NOT NULL DEFAULT '{}',
  entity_type_id uuid NOT NULL REFERENCES entity_types(id),
  organization_id uuid NOT NULL
);
-- Each entity's values, {propertyTypeId: [values]}; organizations' databases read this table through postgres_fdw.
CREATE TABLE IF NOT EXISTS entities (
  entity_set_id uuid NOT NULL REFERENCES entity_sets(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  properties jsonb NOT NULL,
  PRIMARY KEY (entity_set_id, id)
);

-- The seeding steps that completed; a step cut short by a crash runs again at the next start.
CREATE TABLE IF NOT EXISTS seed_steps (step text PRIMARY KEY);

-- Entity sets materialized in an organization's database, with their flags and refresh rate.
CREATE TABLE IF NOT EXISTS materialized_entity_sets (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  entity_set_id uuid NOT NULL REFERENCES entity_sets(id) ON DELETE CASCADE,
  flags text[] NOT NULL DEFAULT '{}',
  refresh_rate_ms bigint,
  last_refresh timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, entity_set_id)
);

-- The tables (and views) of organizations' databases, found in their catalogs, and their columns: each keeps its
-- id while it exists under the same schema and name, so permissions on [tableId] and [tableId, columnId] last.
CREATE TABLE IF NOT EXISTS org_tables (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  schema text NOT NULL,
  name text NOT NULL,
  UNIQUE (organization_id, schema, name)
);
CREATE TABLE IF NOT EXISTS org_columns (
  id uuid PRIMARY KEY,
  table_id uuid NOT NULL REFERENCES org_tables(id) ON DELETE CASCADE,
  name text NOT NULL,
  UNIQUE (table_id, name)
);
`;
