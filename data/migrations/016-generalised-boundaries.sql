-- Boundaries generalised for low-zoom tiles (z ≤ 8), built from the imported ones by
-- data/generalised-boundaries.ts: each unit's Web Mercator outline snapped to a grid of one screen
-- pixel at that zoom. Snapping moves every vertex on its own, so a vertex two neighbours share
-- lands on the same grid point in both: shared edges stay shared (no gaps, no overlaps), while the
-- vertices a pixel cannot show go. At national size the full outlines made a z6–z7 `wards` tile
-- reach 927 KB; these keep every tile under 500 KB.
CREATE TABLE admin_units_generalised (
  zoom smallint NOT NULL CHECK (zoom BETWEEN 0 AND 8),
  level text NOT NULL CHECK (level IN ('city', 'district', 'ward')),
  code text NOT NULL,
  province_code text NOT NULL,
  geom_3857 geometry(MultiPolygon, 3857) NOT NULL,
  PRIMARY KEY (zoom, level, code)
);
CREATE INDEX admin_units_generalised_geom_idx ON admin_units_generalised USING gist (geom_3857);

-- which import of the boundaries the generalised outlines were built from
CREATE TABLE admin_units_generalised_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  boundaries_version bigint NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now()
);

-- Whether the generalised outlines match the boundaries now imported.
CREATE FUNCTION admin_units_generalised_current() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM admin_units_generalised_state s
    JOIN layer_versions v ON v.layer = 'boundaries' AND v.version = s.boundaries_version)
$$;

-- The units as a tile at zoom z draws them: at z ≤ 8, while current, the city, district and ward
-- outlines generalised for z (for z5 below 5; data/generalised-boundaries.ts builds z5–z8); else
-- the imported ones. Inlined by the planner, so a tile's `geom_3857 && envelope` filter reaches
-- the GiST index of whichever table answers, and the other branch is skipped by a one-time filter.
CREATE FUNCTION admin_units_at_zoom(z integer)
RETURNS TABLE (level text, code text, province_code text, parent_code text, name_vi text, name_en text,
  population integer, geom_3857 geometry)
LANGUAGE sql STABLE AS $$
  SELECT u.level, u.code, u.province_code, u.parent_code, u.name_vi, u.name_en, u.population, u.geom_3857
  FROM admin_units u
  WHERE z > 8 OR NOT admin_units_generalised_current()
  UNION ALL
  SELECT u.level, u.code, u.province_code, u.parent_code, u.name_vi, u.name_en, u.population, g.geom_3857
  FROM admin_units_generalised g JOIN admin_units u ON u.level = g.level AND u.code = g.code
  WHERE z <= 8 AND g.zoom = greatest(z, 5)
    AND admin_units_generalised_current()
$$;
