-- Business safety self-assessments (Decision 2194/QĐ-BCĐQG) and their publication.

-- Tiles read premises in web-mercator; kept beside geom so the tile filter uses an index.
ALTER TABLE premises ADD COLUMN geom_3857 geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED;
CREATE INDEX premises_geom_3857_idx ON premises USING gist (geom_3857);

-- One unfinished questionnaire per premises, seen only by its owner.
CREATE TABLE assessment_drafts (
  premises_id uuid PRIMARY KEY REFERENCES premises (id) ON DELETE CASCADE,
  questionnaire_id text NOT NULL,
  questionnaire_version integer NOT NULL,
  answers jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A submitted assessment never changes (apart from an official's flag); re-assessing adds a row,
-- so history is kept and the newest row of a premises is the one that counts.
CREATE TABLE assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  premises_id uuid NOT NULL REFERENCES premises (id) ON DELETE CASCADE,
  questionnaire_id text NOT NULL,
  questionnaire_version integer NOT NULL,
  answers jsonb NOT NULL,
  -- half points exist: a partly-met factor scores half its maximum
  points numeric(6, 2) NOT NULL CHECK (points >= 0),
  risk_index numeric(5, 2) NOT NULL CHECK (risk_index BETWEEN 0 AND 100),
  risk_class text NOT NULL CHECK (risk_class IN ('very_low', 'low', 'medium', 'high', 'very_high')),
  submitted_at timestamptz NOT NULL,
  valid_until timestamptz NOT NULL,
  -- printed on the certificate and encoded in its QR code: unguessable, short enough to type
  certificate_code text NOT NULL UNIQUE,
  flagged_at timestamptz,
  flagged_by uuid REFERENCES accounts (id),
  flag_note text,
  CHECK (valid_until > submitted_at)
);
CREATE INDEX assessments_premises_idx ON assessments (premises_id, submitted_at DESC);
-- the businesses layer's version moves when an assessment expires: the last expiry passed is one index probe
CREATE INDEX assessments_valid_until_idx ON assessments (valid_until);

-- The assessment that counts for each premises: its newest.
CREATE VIEW latest_assessments AS
SELECT DISTINCT ON (premises_id) *
FROM assessments
ORDER BY premises_id, submitted_at DESC, id;

INSERT INTO layer_versions (layer) VALUES ('businesses');
