-- The province as a key on everything that would be partitioned by it (docs/scaling.md): units
-- carry `province_code` since 001; resources and premises get it here. It follows the ward the
-- database derived from the point (ward_at), so no writer can set a province that disagrees with
-- the ward; a resource outside every ward has none. On Citus the writers pass it themselves (the
-- coordinator routes a row by it before any trigger runs): see docs/scaling.md.
ALTER TABLE resources ADD COLUMN province_code text;
ALTER TABLE premises ADD COLUMN province_code text;

CREATE FUNCTION province_of_ward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.province_code := (SELECT province_code FROM admin_units WHERE level = 'ward' AND code = NEW.ward_code);
  RETURN NEW;
END $$;
CREATE TRIGGER resources_province BEFORE INSERT OR UPDATE OF ward_code ON resources
  FOR EACH ROW EXECUTE FUNCTION province_of_ward();
CREATE TRIGGER premises_province BEFORE INSERT OR UPDATE OF ward_code ON premises
  FOR EACH ROW EXECUTE FUNCTION province_of_ward();

UPDATE resources r SET province_code = u.province_code
FROM admin_units u WHERE u.level = 'ward' AND u.code = r.ward_code;
UPDATE premises p SET province_code = u.province_code
FROM admin_units u WHERE u.level = 'ward' AND u.code = p.ward_code;

CREATE INDEX admin_units_province_idx ON admin_units (province_code, level);
CREATE INDEX resources_province_idx ON resources (province_code);
CREATE INDEX premises_province_idx ON premises (province_code);
