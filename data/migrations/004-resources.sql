-- Places that help: mobile medical stations, oxygen ATMs, vaccination and testing points,
-- treatment facilities. The ward is derived from the point by the database, never typed.
CREATE TABLE resources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL
    CHECK (type IN ('mobile_station', 'oxygen_atm', 'vaccination_point', 'treatment_facility', 'testing_point')),
  name text NOT NULL,
  -- lower case, no diacritics (data/import/normalize.ts): `tram y te` finds `Trạm Y tế`
  search_name text NOT NULL,
  address text NOT NULL DEFAULT '',
  ward_code text,
  phone text,
  -- OSM opening_hours syntax, checked when written, evaluated in Asia/Ho_Chi_Minh time
  opening_hours text NOT NULL,
  services jsonb NOT NULL DEFAULT '{}',
  capacity integer CHECK (capacity >= 0),
  -- counts by item, e.g. {"oxygen_cylinders": 12, "concentrators": 3} or {"doses": {"Pfizer": 300}}
  stock jsonb NOT NULL DEFAULT '{}',
  stock_updated_at timestamptz,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'temporarily_closed')),
  demo boolean NOT NULL DEFAULT false,
  source text NOT NULL DEFAULT '',
  geom geometry(Point, 4326) NOT NULL,
  -- geography for nearest-first search in metres: KNN `<->` on this indexed column
  geog geography(Point, 4326) NOT NULL,
  geom_3857 geometry(Point, 3857) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resources_geog_idx ON resources USING gist (geog);
CREATE INDEX resources_geom_3857_idx ON resources USING gist (geom_3857);
CREATE INDEX resources_ward_idx ON resources (ward_code);
CREATE INDEX resources_type_idx ON resources (type);

INSERT INTO layer_versions (layer) VALUES ('resources');
