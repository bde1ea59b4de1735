-- Weekly indicators and epidemic levels per unit (ward or residential group). Nothing is
-- overwritten: a new entry supersedes the current one, which stays as history.

CREATE TABLE indicators (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_level text NOT NULL CHECK (unit_level IN ('ward', 'group')),
  unit_code text NOT NULL,
  week text NOT NULL CHECK (week ~ '^\d{4}-W\d{2}$'),
  population integer NOT NULL CHECK (population > 0),
  new_community_cases integer NOT NULL CHECK (new_community_cases >= 0),
  oxygen_cases integer NOT NULL CHECK (oxygen_cases >= 0),
  deaths integer NOT NULL CHECK (deaths >= 0),
  adult_first_dose_pct real CHECK (adult_first_dose_pct BETWEEN 0 AND 100),
  elderly_full_pct real CHECK (elderly_full_pct BETWEEN 0 AND 100),
  fully_vaccinated_pct real CHECK (fully_vaccinated_pct BETWEEN 0 AND 100),
  high_risk_full_pct real CHECK (high_risk_full_pct BETWEEN 0 AND 100),
  free_beds_per_100k real CHECK (free_beds_per_100k >= 0),
  home_care_ready boolean,
  icu_ready boolean,
  source text NOT NULL,
  demo boolean NOT NULL DEFAULT false,
  entered_by uuid REFERENCES accounts (id),
  entered_at timestamptz NOT NULL DEFAULT now(),
  superseded_at timestamptz
);
CREATE UNIQUE INDEX indicators_current_idx ON indicators (unit_level, unit_code, week) WHERE superseded_at IS NULL;

-- The level computed from one indicators row under the rule set in force that week. The
-- explanation is not stored: rule sets are versioned code, so computing it again from the same
-- indicators and rule set gives the same criteria, values and effects (data/level-queries.ts).
CREATE TABLE levels (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_level text NOT NULL,
  unit_code text NOT NULL,
  week text NOT NULL,
  indicators_id bigint NOT NULL REFERENCES indicators (id),
  rule_set text NOT NULL,
  computed_level smallint NOT NULL CHECK (computed_level BETWEEN 1 AND 4),
  verified boolean NOT NULL,
  cases_per_100k double precision NOT NULL,
  demo boolean NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  superseded_at timestamptz
);
CREATE UNIQUE INDEX levels_current_idx ON levels (unit_level, unit_code, week) WHERE superseded_at IS NULL;
CREATE INDEX levels_week_idx ON levels (week) WHERE superseded_at IS NULL;

-- An official's confirmation or override of one computed level. New indicators make a new
-- computed level, which is advisory again until someone confirms it.
CREATE TABLE level_decisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  level_id bigint NOT NULL REFERENCES levels (id),
  action text NOT NULL CHECK (action IN ('confirm', 'override')),
  official_level smallint NOT NULL CHECK (official_level BETWEEN 1 AND 4),
  reason text NOT NULL CHECK (length(btrim(reason)) >= 3),
  decided_by uuid REFERENCES accounts (id),
  decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX level_decisions_level_idx ON level_decisions (level_id, id DESC);

-- The level in effect per unit and week: the official one when decided, else the computed one.
CREATE VIEW current_levels AS
SELECT l.id AS level_id, l.unit_level, l.unit_code, l.week, l.rule_set, l.computed_level, l.verified,
  l.cases_per_100k, l.demo, l.indicators_id, l.computed_at,
  d.action AS decision, d.official_level, d.reason AS decision_reason, d.decided_by, d.decided_at,
  coalesce(d.official_level, l.computed_level) AS level,
  d.id IS NOT NULL AS confirmed
FROM levels l
LEFT JOIN LATERAL (
  SELECT * FROM level_decisions x WHERE x.level_id = l.id ORDER BY x.id DESC LIMIT 1
) d ON true
WHERE l.superseded_at IS NULL;

INSERT INTO layer_versions (layer) VALUES ('groups');

-- Each ward's level in the latest week that has levels: what the wards tile layer carries.
CREATE VIEW latest_ward_levels AS
SELECT unit_code, level AS lv_level, week AS lv_week, confirmed AS lv_confirmed, demo AS lv_demo
FROM current_levels
WHERE unit_level = 'ward'
  AND week = (SELECT max(week) FROM levels WHERE superseded_at IS NULL AND unit_level = 'ward');
