// Loads the synthetic country the product's way: the statements the product's own writers run
// (importHanoi's ward/district/city inserts, insertResources, the premises and assessment inserts,
// saveIndicators), batched, one transaction per batch. Province codes come from the units, as a
// national import would bring them; everything is flagged or named as synthetic.

import type { Db } from '../../data/db.js';
import { demoLevelScenario } from '../../data/demo/levels-scenario.js';
import { scenarioWards } from '../../data/demo/load-demo-levels.js';
import { seededRandom } from '../../data/demo/random.js';
import { foldVietnamese } from '../../data/import/normalize.js';
import { bumpBoundariesVersion, bumpLayerVersions } from '../../data/layer-versions.js';
import { type IndicatorEntry, saveIndicators } from '../../data/levels.js';
import { insertResources, type ResourceInput } from '../../data/resources/queries.js';
import { QUESTIONNAIRE_2194 } from '../../domain/rules/assessment/questionnaire-2194.js';
import { scoreAnswers } from '../../domain/rules/assessment/score.js';
import { SECTORS } from '../../domain/rules/assessment/sectors.js';
import { validUntil } from '../../domain/rules/assessment/validity.js';
import type { Country } from './country.js';

export const SOURCE = 'Việt Nam tổng hợp (benchmark) — synthetic, not real data';
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const provinceCode = (p: number) => pad(p + 1, 2);
const districtCode = (d: number) => pad(d + 1, 3);
const wardCode = (site: number) => pad(site, 5);

/** The country as an import would read it: a table of communes with their GeoJSON. */
export async function stageCountry(db: Db, country: Country): Promise<void> {
  const random = seededRandom(5);
  await db.exec(`DROP TABLE IF EXISTS national_source;
    CREATE UNLOGGED TABLE national_source (n int PRIMARY KEY, code text, province_code text, district_code text,
      urban boolean, population int, geojson text)`);
  // ~9,400 people a commune, more in towns: 100 million at scale 1
  const rows = country.communes.map((c) => ({
    n: c.site,
    code: wardCode(c.site),
    province_code: provinceCode(c.province),
    district_code: districtCode(c.district),
    urban: c.crowd > 0.5,
    population: Math.round(9400 * (0.5 + random()) * (c.crowd > 0.5 ? 1.8 : 1)),
    geojson: JSON.stringify({ type: 'Polygon', coordinates: [c.ring] }),
  }));
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const column = <K extends keyof (typeof rows)[number]>(k: K) => batch.map((r) => r[k]);
    // arrays, not one JSON document: the GeoJSON text goes in without escaping or parsing twice
    await db.query(
      `INSERT INTO national_source
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::int[], $7::text[])`,
      [
        column('n'),
        column('code'),
        column('province_code'),
        column('district_code'),
        column('urban'),
        column('population'),
        column('geojson'),
      ],
    );
  }
}

/**
 * Wards with importHanoi's statement, 500 a transaction; then the former districts and the
 * provinces (the `city` level) as unions of their wards, as importHanoi builds them.
 */
export async function importCountry(db: Db, log: (line: string) => void): Promise<{ wards: number }> {
  const [{ n }] = await db.query<{ n: number }>('SELECT max(n) AS n FROM national_source');
  const started = performance.now();
  for (let from = 1; from <= n; from += 500) {
    await db.transaction((tx) =>
      tx.query(
        `INSERT INTO admin_units (level, code, province_code, parent_code, name_vi, name_en, full_name_vi, full_name_en,
           search_name, population, population_source, population_estimated, area_km2, geom, geom_3857, valid_from)
         SELECT 'ward', s.code, s.province_code, s.district_code, k.vi || ' ' || s.code, k.en || ' ' || s.code,
           k.vi || ' ' || s.code, k.en || ' ' || s.code, lower(k.en) || ' ' || s.code, s.population, $3, true,
           ST_Area(g::geography) / 1e6, g, ST_Transform(g, 3857), '2025-07-01'
         FROM national_source s,
           LATERAL (SELECT CASE WHEN s.urban THEN 'Phường' ELSE 'Xã' END AS vi,
             CASE WHEN s.urban THEN 'Ward' ELSE 'Commune' END AS en) k,
           LATERAL (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(s.geojson), 4326)), 3)) AS g) x
         WHERE s.n BETWEEN $1 AND $2 AND NOT ST_IsEmpty(g)`,
        [from, from + 499, SOURCE],
      ),
    );
    if ((from - 1) % 5000 === 0) log(`  wards ${Math.min(n, from + 499)}/${n}`);
  }
  log(`  ${n} wards inserted in ${((performance.now() - started) / 1000).toFixed(1)} s; districts and provinces…`);
  const provinces = (
    await db.query<{ p: string }>('SELECT DISTINCT province_code AS p FROM national_source ORDER BY 1')
  ).map((r) => r.p);
  for (const province of provinces) {
    // its former districts, then the province itself (the `city` level), as unions of their wards
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO admin_units (level, code, province_code, parent_code, name_vi, name_en, full_name_vi, full_name_en,
           search_name, population, population_source, population_estimated, area_km2, geom, geom_3857, valid_from, valid_to)
         SELECT 'district', code, $1, $1, 'Huyện ' || code, 'District ' || code, 'Huyện ' || code, 'District ' || code,
           'district ' || code, population, $2, true, area_km2, g, ST_Transform(g, 3857), '2008-08-01', '2025-06-30'
         FROM (SELECT parent_code AS code, sum(population) AS population, sum(area_km2) AS area_km2,
             ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS g
           FROM admin_units WHERE level = 'ward' AND province_code = $1 GROUP BY parent_code) d`,
        [province, SOURCE],
      );
      await tx.query(
        `INSERT INTO admin_units (level, code, province_code, name_vi, name_en, full_name_vi, full_name_en, search_name,
           population, population_source, geom, geom_3857, valid_from)
         SELECT 'city', $1, $1, 'Tỉnh ' || $1, 'Province ' || $1, 'Tỉnh ' || $1, 'Province ' || $1, 'province ' || $1,
           population, $2, g, ST_Transform(g, 3857), '2008-08-01'
         FROM (SELECT sum(population) AS population, ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS g
           FROM admin_units WHERE level = 'ward' AND province_code = $1) s`,
        [province, SOURCE],
      );
    });
  }
  await db.transaction(async (tx) => {
    await bumpLayerVersions(tx, ['city', 'districts', 'wards']);
    await bumpBoundariesVersion(tx);
    await tx.query('INSERT INTO data_imports (source_dir, summary) VALUES ($1, $2)', [
      'bench:national',
      JSON.stringify({ wards: n, provinces: provinces.length }),
    ]);
  });
  return { wards: n };
}

/** Premises and resources drawn inside wards in proportion to their people (ST_GeneratePoints, seeded). */
async function pointsByPopulation(db: Db, total: number, seed: number) {
  return db.query<{ code: string; lon: number; lat: number }>(
    `WITH w AS (SELECT code, geom, population::float8 / sum(population) OVER () AS share FROM admin_units WHERE level = 'ward')
     SELECT w.code, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat
     FROM w, LATERAL ST_Dump(ST_GeneratePoints(w.geom, greatest(1, round(w.share * $1))::int, $2)) p
     ORDER BY w.code, p.path[1]`,
    [total, seed],
  );
}

const RESOURCE_MIX: [ResourceInput['type'], number, string][] = [
  ['mobile_station', 0.4, 'Mo-Su 07:00-21:00'],
  ['oxygen_atm', 0.25, '24/7'],
  ['vaccination_point', 0.2, 'Mo-Fr 07:30-11:30,13:30-17:00; Sa 07:30-11:30; PH off'],
  ['testing_point', 0.1, 'Mo-Sa 07:00-19:00; PH off'],
  ['treatment_facility', 0.05, '24/7'],
];

/** Resources through insertResources (the ward derived from each point), 2,000 a transaction. */
export async function loadResources(db: Db, total: number): Promise<number> {
  const points = await pointsByPopulation(db, total, 11);
  const random = seededRandom(12);
  const rows = points.map((p, i): ResourceInput => {
    const u = random();
    let below = 0;
    const [type, , hours] =
      RESOURCE_MIX.find(([, share]) => {
        below += share;
        return u < below;
      }) ?? RESOURCE_MIX[0];
    return {
      type,
      name: `Điểm ${i + 1} (tổng hợp)`,
      address: `Xã/Phường ${p.code}`,
      phone: null,
      openingHours: hours,
      services: {},
      capacity: null,
      stock:
        type === 'vaccination_point'
          ? { doses: { Pfizer: Math.floor(random() * 400) } }
          : { oxygen_cylinders: Math.floor(random() * 20) },
      status: 'open',
      demo: true,
      source: SOURCE,
      lon: p.lon,
      lat: p.lat,
    };
  });
  for (let i = 0; i < rows.length; i += 2000) {
    await db.transaction((tx) => insertResources(tx, rows.slice(i, i + 2000)));
  }
  return rows.length;
}

/**
 * Premises with one scored assessment each: insertPremises' and insertAssessment's statements
 * over 5,000 rows a transaction, the ward derived from the point by ward_at() as the route does.
 * Owners are business accounts of ten premises each (no password: they never sign in here).
 */
export async function loadPremises(db: Db, total: number, now: Date): Promise<number> {
  const points = await pointsByPopulation(db, total, 21);
  const random = seededRandom(22);
  const owners = Math.ceil(points.length / 10);
  await db.query(
    `INSERT INTO accounts (email, password_hash, role)
     SELECT 'owner' || i || '@national.invalid', 'x', 'business' FROM generate_series(1, $1) i`,
    [owners],
  );
  const ownerIds = (
    await db.query<{ id: string }>(`SELECT id FROM accounts WHERE email LIKE '%@national.invalid' ORDER BY email`)
  ).map((r) => r.id);
  for (let i = 0; i < points.length; i += 5000) {
    const batch = points.slice(i, i + 5000).map((p, j) => {
      const n = i + j + 1;
      const answers = Object.fromEntries(
        QUESTIONNAIRE_2194.criteria.map((c) => [
          c.id,
          c.options[Math.floor(random() * random() * c.options.length)].id,
        ]),
      );
      const score = scoreAnswers(QUESTIONNAIRE_2194, answers);
      const submitted = new Date(now.getTime() - Math.floor(random() * 60) * 86_400_000);
      const name = `Cơ sở ${n}`;
      const address = `Số ${n}, Xã/Phường ${p.code}`;
      return {
        owner_id: ownerIds[n % owners],
        name,
        search_name: foldVietnamese(`${name} ${address}`),
        tax_code: pad(n, 10),
        sector: SECTORS[n % SECTORS.length],
        address,
        workers: 1 + Math.floor(random() * random() * 300),
        floor_area_m2: 20 + Math.floor(random() * 2000),
        lon: p.lon,
        lat: p.lat,
        answers,
        points: score.points,
        risk_index: score.riskIndex,
        risk_class: score.riskClass,
        submitted_at: submitted.toISOString(),
        valid_until: validUntil(submitted, score.riskClass).toISOString(),
        certificate_code: `VN-${pad(n, 10)}`,
      };
    });
    await db.transaction(async (tx) => {
      await tx.query(
        `WITH input AS (
           SELECT r.*, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326) AS pt, row_number() OVER () AS k
           FROM jsonb_to_recordset($1::jsonb) AS r(owner_id uuid, name text, search_name text, tax_code text, sector text,
             address text, workers int, floor_area_m2 float8, lon float8, lat float8, answers jsonb, points numeric,
             risk_index numeric, risk_class text, submitted_at timestamptz, valid_until timestamptz, certificate_code text)
         ), premises_rows AS (
           INSERT INTO premises (owner_id, name, search_name, tax_code, sector, address, ward_code, workers, floor_area_m2, geom)
           SELECT owner_id, name, search_name, tax_code, sector, address, ward_at(pt), workers, floor_area_m2, pt
           FROM input ORDER BY k
           RETURNING id, tax_code
         )
         INSERT INTO assessments (premises_id, questionnaire_id, questionnaire_version, answers, points, risk_index,
           risk_class, submitted_at, valid_until, certificate_code)
         SELECT p.id, $2, $3, i.answers, i.points, i.risk_index, i.risk_class, i.submitted_at, i.valid_until,
           i.certificate_code
         FROM premises_rows p JOIN input i USING (tax_code)`,
        [JSON.stringify(batch), QUESTIONNAIRE_2194.id, QUESTIONNAIRE_2194.version],
      );
      await bumpLayerVersions(tx, ['businesses']);
    });
  }
  return points.length;
}

/** 16 weeks of the demo epidemic over every ward (saveIndicators: indicators and levels), one transaction a week. */
export async function loadIndicators(db: Db): Promise<{ entries: IndicatorEntry[]; weeks: string[] }> {
  const entries = demoLevelScenario(await scenarioWards(db), 2022);
  const weeks = [...new Set(entries.map((e) => e.week))];
  for (const week of weeks) {
    await db.transaction((tx) =>
      saveIndicators(
        tx,
        entries.filter((e) => e.week === week),
        null,
      ),
    );
  }
  return { entries, weeks };
}
