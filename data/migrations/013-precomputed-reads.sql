-- What read paths computed on every request, kept instead when the data is written.

-- The assessment that counts for each premises, kept as a table instead of a DISTINCT ON view: the
-- businesses tile read the view, which sorted every assessment in the city for a tile of 200 premises
-- (13–20× the bare ST_AsMVT). Triggers keep it in the transaction of every write that can change it,
-- whoever writes (a submission, an official's flag, a premises edit, a bulk load, a delete). Expiry is
-- still judged by readers against their clock (`valid_until`): the row does not change when it lapses.
DROP VIEW latest_assessments;
CREATE TABLE latest_assessments (
  premises_id uuid PRIMARY KEY REFERENCES premises (id) ON DELETE CASCADE,
  id uuid NOT NULL UNIQUE,
  -- the assessment's columns that lists, cards and certificates show
  points numeric(6, 2) NOT NULL,
  risk_index numeric(5, 2) NOT NULL,
  risk_class text NOT NULL,
  submitted_at timestamptz NOT NULL,
  valid_until timestamptz NOT NULL,
  certificate_code text NOT NULL,
  flagged_at timestamptz,
  -- the premises' columns the businesses layer draws, so a tile reads this table alone
  name text NOT NULL,
  sector text NOT NULL,
  geom_3857 geometry(Point, 3857) NOT NULL
);
CREATE INDEX latest_assessments_geom_3857_idx ON latest_assessments USING gist (geom_3857);

-- Makes the newest assessment of each listed premises its row (newest: latest `submitted_at`, then
-- lowest id, as the view had it). A row is replaced only by a newer assessment, or refreshed from its
-- own: of writers racing on one premises, the one committing last cannot put an older one back.
CREATE FUNCTION refresh_latest_assessments(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO latest_assessments AS l (premises_id, id, points, risk_index, risk_class, submitted_at,
    valid_until, certificate_code, flagged_at, name, sector, geom_3857)
  SELECT DISTINCT ON (a.premises_id) a.premises_id, a.id, a.points, a.risk_index, a.risk_class, a.submitted_at,
    a.valid_until, a.certificate_code, a.flagged_at, p.name, p.sector, p.geom_3857
  FROM assessments a JOIN premises p ON p.id = a.premises_id
  WHERE a.premises_id = ANY (ids)
  ORDER BY a.premises_id, a.submitted_at DESC, a.id
  ON CONFLICT (premises_id) DO UPDATE SET id = EXCLUDED.id, points = EXCLUDED.points,
    risk_index = EXCLUDED.risk_index, risk_class = EXCLUDED.risk_class, submitted_at = EXCLUDED.submitted_at,
    valid_until = EXCLUDED.valid_until, certificate_code = EXCLUDED.certificate_code,
    flagged_at = EXCLUDED.flagged_at, name = EXCLUDED.name, sector = EXCLUDED.sector, geom_3857 = EXCLUDED.geom_3857
  WHERE l.id = EXCLUDED.id OR EXCLUDED.submitted_at > l.submitted_at
    OR (EXCLUDED.submitted_at = l.submitted_at AND EXCLUDED.id < l.id);
$$;

-- Once per statement over the rows it touched: a bulk load is one pass. The premises are locked
-- first (FOR SHARE), so an edit of them committing meanwhile is either seen here or waits and
-- copies itself (latest_assessments_premises). An updated or deleted assessment's row goes first, so
-- the next newest may take its place.
CREATE FUNCTION latest_assessments_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := ARRAY(SELECT DISTINCT premises_id FROM new_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    ids := ARRAY(SELECT premises_id FROM old_rows UNION SELECT premises_id FROM new_rows);
    DELETE FROM latest_assessments WHERE id IN (SELECT id FROM old_rows);
  ELSE
    ids := ARRAY(SELECT DISTINCT premises_id FROM old_rows);
    DELETE FROM latest_assessments WHERE id IN (SELECT id FROM old_rows);
  END IF;
  PERFORM 1 FROM premises WHERE id = ANY (ids) ORDER BY id FOR SHARE;
  PERFORM refresh_latest_assessments(ids);
  RETURN NULL;
END;
$$;

-- a transition table belongs to one event: one trigger each
CREATE TRIGGER latest_assessments_insert AFTER INSERT ON assessments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION latest_assessments_after_write();
CREATE TRIGGER latest_assessments_update AFTER UPDATE ON assessments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION latest_assessments_after_write();
CREATE TRIGGER latest_assessments_delete AFTER DELETE ON assessments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION latest_assessments_after_write();

-- TRUNCATE has no transition table: it empties both
CREATE FUNCTION latest_assessments_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE latest_assessments;
  RETURN NULL;
END;
$$;
CREATE TRIGGER latest_assessments_truncate AFTER TRUNCATE ON assessments
  FOR EACH STATEMENT EXECUTE FUNCTION latest_assessments_after_truncate();

-- a premises renamed, re-sectored or moved: its row follows
CREATE FUNCTION latest_assessments_premises() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_latest_assessments(ARRAY[NEW.id]);
  RETURN NULL;
END;
$$;
CREATE TRIGGER latest_assessments_premises AFTER UPDATE OF name, sector, geom ON premises
  FOR EACH ROW WHEN ((OLD.name, OLD.sector, OLD.geom) IS DISTINCT FROM (NEW.name, NEW.sector, NEW.geom))
  EXECUTE FUNCTION latest_assessments_premises();

-- the rows there are already
SELECT refresh_latest_assessments(ARRAY(SELECT DISTINCT premises_id FROM assessments));

-- Each unit's outline as the GeoJSON every answer sends (ward cards, analyses, the exports): 6
-- decimals (~0.1 m), snap-rounded onto that grid so it stays valid (plain rounding made 9 of 126
-- wards self-intersect), outer rings counter-clockwise as RFC 7946 asks. Computed once per import:
-- snap-rounding all of Hanoi took ~0.5 s, and a streamed export would pay it on every download.
ALTER TABLE admin_units ADD COLUMN geom_geojson text GENERATED ALWAYS AS (
  ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Multi(ST_CollectionExtract(ST_ReducePrecision(geom, 1e-6), 3))), 6)
) STORED;
