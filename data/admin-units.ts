import type { Queryable } from './db.js';

/** Whether a unit of that level and code exists. */
export async function unitExists(db: Queryable, level: string, code: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM admin_units WHERE level = $1 AND code = $2', [level, code]);
  return rows.length > 0;
}

/** Units and people per level (`city`, `district`, `ward`, `group`). */
export async function unitCounts(db: Queryable): Promise<Map<string, { n: number; population: number | null }>> {
  const rows = await db.query<{ level: string; n: number; population: number | null }>(
    'SELECT level, count(*)::int AS n, sum(population)::bigint AS population FROM admin_units GROUP BY level',
  );
  return new Map(
    rows.map((r) => [r.level, { n: r.n, population: r.population === null ? null : Number(r.population) }]),
  );
}

/** The city's bounding box [minLon, minLat, maxLon, maxLat], or null before an import. */
export async function cityBbox(db: Queryable): Promise<[number, number, number, number] | null> {
  const [row] = await db.query<{ b: [number, number, number, number] | null }>(
    `SELECT CASE WHEN count(*) = 0 THEN NULL ELSE
       json_build_array(ST_XMin(ST_Extent(geom)), ST_YMin(ST_Extent(geom)), ST_XMax(ST_Extent(geom)), ST_YMax(ST_Extent(geom))) END AS b
     FROM admin_units WHERE level = 'city'`,
  );
  return row?.b ?? null;
}

/** The latest import of the public datasets, or null. */
export async function lastImport(db: Queryable): Promise<{ sourceDir: string; importedAt: string } | null> {
  const [row] = await db.query<{ source_dir: string; imported_at: Date }>(
    'SELECT source_dir, imported_at FROM data_imports ORDER BY id DESC LIMIT 1',
  );
  return row ? { sourceDir: row.source_dir, importedAt: new Date(row.imported_at).toISOString() } : null;
}
