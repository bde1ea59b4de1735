-- A population grid for coverage and siting: cells of about 250 m (UTM zone 48N) whose centre
-- lies inside a ward, each holding the ward's population divided evenly among its cells (people
-- placed in proportion to area). Built from the wards on first use (data/analysis/grid.ts).
CREATE TABLE coverage_cells (
  id integer PRIMARY KEY,
  ward_code text NOT NULL,
  population double precision NOT NULL CHECK (population >= 0),
  -- centre in UTM 48N metres: siting measures distances on this plane
  x double precision NOT NULL,
  y double precision NOT NULL,
  geom geometry(Point, 4326) NOT NULL,
  geog geography(Point, 4326) NOT NULL
);
CREATE INDEX coverage_cells_ward_idx ON coverage_cells (ward_code);

-- which grid is stored: its cell size and the wards it was built from
CREATE TABLE coverage_grid (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  cell_m double precision NOT NULL,
  wards_version bigint NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now()
);
