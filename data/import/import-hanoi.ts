import type { Db } from '../db.js';
import { bumpBoundariesVersion, bumpLayerVersions } from '../layer-versions.js';
import { importLandmarks } from './landmarks.js';
import { foldVietnamese, withoutDiacritics } from './normalize.js';
import { allocatePopulation } from './population.js';
import { readHanoiDataset } from './read-dataset.js';

export const POPULATION_SOURCE =
  'GSO, 2019 Population and Housing Census, carried to 2025 wards through the official formed_from lists';
/** The 2025 reorganisation took effect on 1 July 2025. */
const WARDS_VALID_FROM = '2025-07-01';
/** Hanoi's province code (GSO): the city unit's code and the province part of every key. */
export const HANOI_CITY_CODE = '01';

export interface ImportSummary {
  wards: number;
  districts: number;
  censusTotal: number;
  populationEstimatedWards: number;
  unnamedOldUnits: number;
  unmatchedSegments: number;
}

/**
 * Imports the city outline, the 2025 wards with their census population and the 30 former
 * districts (unions of their wards) in one transaction. Re-running replaces the same rows, so
 * the import is idempotent; any problem in any file stops it before the first write.
 */
export async function importHanoi(db: Db, dir: string, log: (line: string) => void = () => {}): Promise<ImportSummary> {
  const started = Date.now();
  log(`Reading the Hanoi dataset from ${dir}…`);
  const data = readHanoiDataset(dir);
  log(`  ${data.wards.length} wards, ${data.oldUnits.length} units of 2019–2024, ${data.census.length} census rows`);

  const report = allocatePopulation(
    data.wards.map((w) => ({ code: w.code, formedFrom: data.formedFrom.get(w.code) ?? '' })),
    data.oldUnits,
    data.census,
  );
  const population = new Map(report.wards.map((w) => [w.code, w]));
  log(
    `  census total ${report.censusTotal.toLocaleString('en')} people; ${report.wards.filter((w) => w.estimated).length} wards estimated; ` +
      `${report.unnamedOldUnits.length} old units spread by district`,
  );

  const summary = await db.transaction(async (tx) => {
    await tx.query(`DELETE FROM admin_units WHERE level IN ('city', 'district', 'ward')`);
    for (const [i, w] of data.wards.entries()) {
      const p = population.get(w.code);
      await tx.query(
        `INSERT INTO admin_units (level, code, province_code, parent_code, name_vi, name_en, full_name_vi, full_name_en,
           search_name, population, population_source, population_estimated, area_km2, geom, geom_3857, valid_from)
         SELECT 'ward', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, COALESCE($12, ST_Area(g::geography) / 1e6),
           g, ST_Transform(g, 3857), $14
         FROM (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($13), 4326)), 3)) AS g) s`,
        [
          w.code,
          HANOI_CITY_CODE,
          p?.districtCode,
          w.nameVi,
          w.nameEn,
          w.fullNameVi,
          w.fullNameEn,
          foldVietnamese(`${w.fullNameVi} ${w.nameEn}`),
          p?.population,
          POPULATION_SOURCE,
          p?.estimated ?? true,
          w.areaKm2,
          JSON.stringify(w.geometry),
          WARDS_VALID_FROM,
        ],
      );
      if ((i + 1) % 25 === 0 || i + 1 === data.wards.length) log(`  wards ${i + 1}/${data.wards.length}`);
    }
    // The outline is the union of the wards (not the coarser province polygon of the source), so
    // it runs exactly along the wards' edges at every zoom and nothing of the city lies outside a ward.
    await tx.query(
      `INSERT INTO admin_units (level, code, province_code, name_vi, name_en, full_name_vi, full_name_en, search_name,
         population, population_source, geom, geom_3857, valid_from)
       SELECT 'city', $1, $1, 'Hà Nội', 'Hanoi', 'Thành phố Hà Nội', 'Hanoi City', 'ha noi hanoi',
         $2, 'GSO, 2019 Population and Housing Census', g, ST_Transform(g, 3857), '2008-08-01'
       FROM (SELECT ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS g FROM admin_units WHERE level = 'ward') s`,
      [HANOI_CITY_CODE, report.censusTotal],
    );
    log('  building the former districts from their wards…');
    for (const [code, d] of data.districts) {
      // the 2019–2024 code list has no English district names
      const nameEn = withoutDiacritics(d.nameVi);
      const kind = { Quận: 'Urban District', Huyện: 'Rural District', 'Thị xã': 'Town' }[d.type] ?? 'District';
      await tx.query(
        `INSERT INTO admin_units (level, code, province_code, parent_code, name_vi, name_en, full_name_vi, full_name_en,
           search_name, population, population_source, population_estimated, area_km2, geom, geom_3857, valid_from, valid_to)
         SELECT 'district', $1, $2, $2, $3, $4, $5, $6, $7, sum(population), $8, bool_or(population_estimated),
           sum(area_km2), ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)),
           ST_Transform(ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)), 3857), '2008-08-01', '2025-06-30'
         FROM admin_units WHERE level = 'ward' AND parent_code = $1
         HAVING count(*) > 0`,
        [
          code,
          HANOI_CITY_CODE,
          d.nameVi,
          nameEn,
          d.fullNameVi,
          `${nameEn} ${kind}`,
          foldVietnamese(`${d.fullNameVi} ${nameEn}`),
          POPULATION_SOURCE,
        ],
      );
    }
    await bumpLayerVersions(tx, ['city', 'districts', 'wards']);
    await bumpBoundariesVersion(tx);
    await importLandmarks(tx, dir);
    const [{ n }] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM admin_units WHERE level = 'district'`,
    );
    const summary: ImportSummary = {
      wards: data.wards.length,
      districts: n,
      censusTotal: report.censusTotal,
      populationEstimatedWards: report.wards.filter((w) => w.estimated).length,
      unnamedOldUnits: report.unnamedOldUnits.length,
      unmatchedSegments: report.unmatchedSegments.length,
    };
    await tx.query('INSERT INTO data_imports (source_dir, summary) VALUES ($1, $2)', [dir, JSON.stringify(summary)]);
    return summary;
  });
  log(
    `Imported ${summary.wards} wards and ${summary.districts} districts in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return summary;
}
