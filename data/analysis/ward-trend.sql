-- A ward's weekly incidence beside its former district's and the city's, oldest week first.
-- District and city are population-weighted means of their wards' cases per 100,000.
-- in:  $1 ward code
-- out: week text, ward float8 (null when the ward has no level that week),
--      district float8, city float8
WITH d AS (SELECT parent_code FROM admin_units WHERE level = 'ward' AND code = $1),
w AS (
  SELECT l.week, l.unit_code, l.cases_per_100k AS inc, u.population::float8 AS pop,
    u.parent_code = (SELECT parent_code FROM d) AS in_district
  FROM current_levels l JOIN admin_units u ON u.level = 'ward' AND u.code = l.unit_code
  WHERE l.unit_level = 'ward' AND u.population > 0)
SELECT week,
  max(inc) FILTER (WHERE unit_code = $1) AS ward,
  sum(inc * pop) FILTER (WHERE in_district) / nullif(sum(pop) FILTER (WHERE in_district), 0) AS district,
  sum(inc * pop) / sum(pop) AS city
FROM w GROUP BY week ORDER BY week
