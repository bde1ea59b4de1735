-- Administrative units: the city, the 30 former districts (named sets of wards), the 2025 wards
-- and, later, residential groups. Codes are official GSO codes; `province_code` keeps keys
-- unique beyond Hanoi so the table can be partitioned by province.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE admin_units (
  level text NOT NULL CHECK (level IN ('city', 'district', 'ward', 'group')),
  code text NOT NULL,
  province_code text NOT NULL,
  parent_code text,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  full_name_vi text NOT NULL,
  full_name_en text NOT NULL,
  -- lower case, no diacritics (see data/import/normalize.ts): `hoan kiem` finds `Hoàn Kiếm`
  search_name text NOT NULL,
  population integer CHECK (population >= 0),
  population_source text,
  population_estimated boolean NOT NULL DEFAULT false,
  area_km2 double precision,
  geom geometry(MultiPolygon, 4326) NOT NULL,
  -- Web Mercator copy: tiles filter and clip in 3857 without transforming every row per tile
  geom_3857 geometry(MultiPolygon, 3857) NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  PRIMARY KEY (level, code)
);
CREATE INDEX admin_units_geom_idx ON admin_units USING gist (geom);
CREATE INDEX admin_units_geom_3857_idx ON admin_units USING gist (geom_3857);
CREATE INDEX admin_units_parent_idx ON admin_units (parent_code);

-- Which data each tile layer was built from: a write bumps the layers it touches, and the
-- version is part of tile URLs and cache keys.
CREATE TABLE layer_versions (
  layer text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO layer_versions (layer) VALUES ('city'), ('districts'), ('wards');

-- What each import loaded, for the health endpoint and for people asking where a figure came from.
CREATE TABLE data_imports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_dir text NOT NULL,
  summary jsonb NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);
