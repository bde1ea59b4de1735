-- At national size the imported outlines fill whole z9 tiles as well (up to 614 KB raw at full
-- scale, `npm run bench -- national`): z9 gets generalised outlines of its own, like z5–z8. The
-- stored ones are dropped so that the next prepareDerived (at start, and after each import)
-- builds every zoom; until then tiles draw the imported outlines.
DELETE FROM admin_units_generalised;
DELETE FROM admin_units_generalised_state;
ALTER TABLE admin_units_generalised DROP CONSTRAINT admin_units_generalised_zoom_check;
ALTER TABLE admin_units_generalised ADD CONSTRAINT admin_units_generalised_zoom_check CHECK (zoom BETWEEN 0 AND 9);

CREATE OR REPLACE FUNCTION admin_units_at_zoom(z integer)
RETURNS TABLE (level text, code text, province_code text, parent_code text, name_vi text, name_en text,
  population integer, geom_3857 geometry)
LANGUAGE sql STABLE AS $$
  SELECT u.level, u.code, u.province_code, u.parent_code, u.name_vi, u.name_en, u.population, u.geom_3857
  FROM admin_units u
  WHERE z > 9 OR NOT admin_units_generalised_current()
  UNION ALL
  SELECT u.level, u.code, u.province_code, u.parent_code, u.name_vi, u.name_en, u.population, g.geom_3857
  FROM admin_units_generalised g JOIN admin_units u ON u.level = g.level AND u.code = g.code
  WHERE z <= 9 AND g.zoom = greatest(z, 5)
    AND admin_units_generalised_current()
$$;
