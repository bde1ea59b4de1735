-- Named hospitals and pharmacies from OpenStreetMap (osm-health-pois): labels to orient by at
-- street zoom when no basemap is installed. Replaced whole by each import.
CREATE TABLE landmarks (
  osm_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('hospital', 'pharmacy')),
  name text NOT NULL,
  geom geometry(Point, 4326) NOT NULL
);
