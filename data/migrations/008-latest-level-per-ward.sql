-- Each ward's own most recent level, with its week. Wards report on different days: "latest" is per
-- ward, never one week for the whole city, so one district importing a newer week cannot blank the
-- other wards on the map. Staleness (a week too far behind the city's newest) is judged by readers.
DROP VIEW latest_ward_levels;
CREATE VIEW latest_ward_levels AS
SELECT DISTINCT ON (unit_code)
  unit_code, level AS lv_level, week AS lv_week, confirmed AS lv_confirmed, demo AS lv_demo
FROM current_levels
WHERE unit_level = 'ward'
ORDER BY unit_code, week DESC; -- levels_current_idx (unit_level, unit_code, week) serves it
