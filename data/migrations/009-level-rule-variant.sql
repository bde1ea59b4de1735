-- How the city applied the rule set when the level was computed: NULL = every criterion;
-- 'criteria-1-2' = criteria 1 and 2 only, as Hanoi assessed wards under Notice 768/TB-UBND
-- (12 Nov 2021). Stored with the level so its explanation is recomputed the same way.
ALTER TABLE levels ADD COLUMN rule_variant text CHECK (rule_variant IN ('criteria-1-2'));

CREATE OR REPLACE VIEW current_levels AS
SELECT l.id AS level_id, l.unit_level, l.unit_code, l.week, l.rule_set, l.computed_level, l.verified,
  l.cases_per_100k, l.demo, l.indicators_id, l.computed_at,
  d.action AS decision, d.official_level, d.reason AS decision_reason, d.decided_by, d.decided_at,
  coalesce(d.official_level, l.computed_level) AS level,
  d.id IS NOT NULL AS confirmed,
  l.rule_variant
FROM levels l
LEFT JOIN LATERAL (
  SELECT * FROM level_decisions x WHERE x.level_id = l.id ORDER BY x.id DESC LIMIT 1
) d ON true
WHERE l.superseded_at IS NULL;
