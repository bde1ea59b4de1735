-- Accounts, sessions and the audit log: who may change what, and a record of every official write.

-- `scope_level`/`scope_code` name the unit an official acts on (a ward, a district, the city);
-- businesses have no scope and act only on the premises they own. No foreign key to admin_units:
-- a re-import replaces those rows, and scope is checked when the account is created.
CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (length(email) <= 254),
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('business', 'ward_officer', 'district_officer', 'city_admin')),
  scope_level text,
  scope_code text,
  display_name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES accounts (id),
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  CHECK (
    (role = 'business' AND scope_level IS NULL AND scope_code IS NULL)
    OR (role = 'ward_officer' AND scope_level = 'ward' AND scope_code IS NOT NULL)
    OR (role = 'district_officer' AND scope_level = 'district' AND scope_code IS NOT NULL)
    OR (role = 'city_admin' AND scope_level = 'city' AND scope_code IS NOT NULL)
  )
);
-- One account per address, whatever its case: Lan@Example.vn and lan@example.vn are the same person.
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));

-- The cookie holds a random token; only its SHA-256 is stored, so a leaked table opens no session.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  user_agent text
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES accounts (id),
  actor_email text,
  actor_role text,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  -- the unit the write touched, so officials' logs can be read by scope
  unit_level text,
  unit_code text,
  before jsonb,
  after jsonb,
  request_id text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);

-- What citizens need from their ward beyond the map: whom to call and where the health station is.
-- Kept by ward officers; one row per unit.
CREATE TABLE unit_contacts (
  level text NOT NULL,
  code text NOT NULL,
  hotline text,
  health_station_name text,
  health_station_address text,
  health_station_phone text,
  note_vi text,
  note_en text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES accounts (id),
  PRIMARY KEY (level, code)
);

-- The ward a point (4326) falls in: the lower code when it lies on a shared edge; null outside
-- Hanoi. Every place that derives a ward from a point (premises, resources) uses this one rule.
CREATE FUNCTION ward_at(pt geometry) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT code FROM admin_units WHERE level = 'ward' AND ST_Intersects(geom, pt) ORDER BY code LIMIT 1
$$;

-- A business's premises. The ward is derived from the point by the database, never typed.
CREATE TABLE premises (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES accounts (id),
  name text NOT NULL,
  search_name text NOT NULL,
  tax_code text NOT NULL,
  sector text NOT NULL
    CHECK (sector IN ('office', 'factory', 'shop_market', 'restaurant', 'school', 'lodging', 'other')),
  address text NOT NULL,
  ward_code text NOT NULL,
  workers integer NOT NULL CHECK (workers >= 0),
  floor_area_m2 double precision NOT NULL CHECK (floor_area_m2 > 0),
  geom geometry(Point, 4326) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX premises_owner_idx ON premises (owner_id);
CREATE INDEX premises_ward_idx ON premises (ward_code);
CREATE INDEX premises_geom_idx ON premises USING gist (geom);
