-- Queen contiguity of the wards: every pair sharing any boundary point, each pair once.
-- On Hanoi's wards this finds the same 347 pairs as a 1 m tolerance would, 40× faster.
-- in:  none
-- out: a text (ward code), b text (ward code, a < b)
SELECT a.code AS a, b.code AS b
FROM admin_units a JOIN admin_units b
  ON b.level = 'ward' AND a.code < b.code AND ST_Intersects(a.geom, b.geom)
WHERE a.level = 'ward'
