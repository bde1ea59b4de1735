-- The version of the imported boundaries (city, districts, wards), moved only by an import of
-- them. Data derived from the ward geometry — contiguity weights, the coverage grid, the city's
-- box — is keyed by it, instead of borrowing the `districts` tile layer's counter. It is not a
-- tile layer: /tiles/versions.json leaves it out. It starts where that counter stands, so a
-- grid built before this migration stays valid.
INSERT INTO layer_versions (layer, version)
SELECT 'boundaries', version FROM layer_versions WHERE layer = 'districts';
