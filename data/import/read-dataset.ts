import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv.js';
import type { OldUnit } from './formed-from.js';
import type { CensusRow } from './population.js';

/** The files the Hanoi import reads, relative to the data directory. */
export const DATASET_FILES = {
  wards: 'wards-2025/hanoi_wards_2025.geojson',
  formedFrom: 'wards-2025/hanoi_wards_2025_formed_from.csv',
  oldUnits: 'wards-2019-2024-codes/hanoi_wards_2019_2024_codes.csv',
  census: 'census-2019/hanoi_ward_population_census2019.csv',
} as const;

/** A file that cannot be imported; the message names the file, the feature and the problem. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly feature: string | undefined,
    readonly problem: string,
  ) {
    super(`${file}${feature ? `, ${feature}` : ''}: ${problem}`);
    this.name = 'ImportError';
  }
}

export type MultiPolygonCoords = number[][][][];

export interface Ward2025 {
  code: string;
  nameVi: string;
  nameEn: string;
  fullNameVi: string;
  fullNameEn: string;
  areaKm2: number | null;
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygonCoords };
}

export interface HanoiDataset {
  wards: Ward2025[];
  formedFrom: Map<string, string>;
  oldUnits: OldUnit[];
  /** Former districts by code: names from the 2019–2024 list. */
  districts: Map<string, { nameVi: string; fullNameVi: string; type: string }>;
  census: CensusRow[];
}

/** True when `dir` holds the files of the Hanoi dataset. */
export function isHanoiDataDir(dir: string): boolean {
  return Object.values(DATASET_FILES).every((f) => existsSync(join(dir, f)));
}

/**
 * Reads and checks every file of the dataset before anything is written, so a malformed file
 * stops the import with nothing changed.
 */
export function readHanoiDataset(dir: string): HanoiDataset {
  const wardsJson = readJson(dir, DATASET_FILES.wards);
  const wards = features(wardsJson, DATASET_FILES.wards).map((f, i) => readWard(f, i));
  const seen = new Set<string>();
  for (const w of wards) {
    if (seen.has(w.code)) throw new ImportError(DATASET_FILES.wards, `ward ${w.code}`, 'duplicate code');
    seen.add(w.code);
  }

  const formedFrom = new Map<string, string>();
  for (const [i, row] of readCsv(dir, DATASET_FILES.formedFrom, [
    'ward_code_2025',
    'formed_from_truocsapnhap',
  ]).entries()) {
    formedFrom.set(row.ward_code_2025, row.formed_from_truocsapnhap);
    if (!seen.has(row.ward_code_2025)) {
      throw new ImportError(DATASET_FILES.formedFrom, `row ${i + 2}`, `unknown ward code ${row.ward_code_2025}`);
    }
  }
  for (const w of wards) {
    if (!formedFrom.get(w.code)?.trim()) {
      throw new ImportError(DATASET_FILES.formedFrom, `ward ${w.code}`, 'no formed_from text for this ward');
    }
  }

  const oldRows = readCsv(dir, DATASET_FILES.oldUnits, [
    'ward_code',
    'ward_name',
    'ward_type',
    'district_code',
    'district_name',
  ]);
  const districts: HanoiDataset['districts'] = new Map();
  const oldUnits = oldRows.map((r, i) => {
    if (!/^\d{5}$/.test(r.ward_code)) {
      throw new ImportError(DATASET_FILES.oldUnits, `row ${i + 2}`, `ward_code "${r.ward_code}" is not 5 digits`);
    }
    districts.set(r.district_code, {
      nameVi: r.district_name,
      fullNameVi: r.district_full_name || r.district_name,
      type: r.district_type ?? '',
    });
    return {
      code: r.ward_code,
      name: r.ward_name,
      type: r.ward_type,
      districtCode: r.district_code,
      districtName: r.district_name,
    };
  });

  const census = readCsv(dir, DATASET_FILES.census, ['gadm_gid_3', 'gso_ward_code_2019_2024', 'pop_total_2019']).map(
    (r, i) => {
      const population = Number(r.pop_total_2019);
      if (!Number.isInteger(population) || population < 0) {
        throw new ImportError(
          DATASET_FILES.census,
          `row ${i + 2} (${r.gadm_gid_3})`,
          `pop_total_2019 "${r.pop_total_2019}" is not a whole number ≥ 0`,
        );
      }
      return { gadmId: r.gadm_gid_3, oldCode: r.gso_ward_code_2019_2024, population };
    },
  );

  return { wards, formedFrom, oldUnits, districts, census };
}

function readJson(dir: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(join(dir, file), 'utf8');
  } catch {
    throw new ImportError(file, undefined, `cannot read ${join(dir, file)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ImportError(file, undefined, `not valid JSON (${(error as Error).message})`);
  }
}

function readCsv(dir: string, file: string, required: string[]): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(readFileSync(join(dir, file), 'utf8'));
  } catch (error) {
    throw new ImportError(file, undefined, (error as Error).message);
  }
  const missing = required.filter((c) => rows.length > 0 && !(c in rows[0]));
  if (rows.length === 0 || missing.length > 0) {
    throw new ImportError(file, undefined, rows.length === 0 ? 'no rows' : `missing column(s) ${missing.join(', ')}`);
  }
  return rows;
}

function features(json: unknown, file: string): Record<string, unknown>[] {
  const fc = json as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new ImportError(file, undefined, 'not a GeoJSON FeatureCollection');
  }
  return fc.features as Record<string, unknown>[];
}

function readWard(feature: Record<string, unknown>, index: number): Ward2025 {
  const file = DATASET_FILES.wards;
  const p = (feature.properties ?? {}) as Record<string, unknown>;
  const label = `feature ${index}${typeof p.code === 'string' ? ` (code ${p.code})` : ''}`;
  if (typeof p.code !== 'string' || !/^\d{5}$/.test(p.code)) {
    throw new ImportError(file, label, 'properties.code must be a 5-digit string');
  }
  for (const key of ['name', 'nameEn', 'fullName', 'fullNameEn']) {
    if (typeof p[key] !== 'string' || !(p[key] as string).trim()) {
      throw new ImportError(file, label, `properties.${key} must be a non-empty string`);
    }
  }
  return {
    code: p.code,
    nameVi: p.name as string,
    nameEn: p.nameEn as string,
    fullNameVi: p.fullName as string,
    fullNameEn: p.fullNameEn as string,
    areaKm2: typeof p.areaKm2 === 'number' ? p.areaKm2 : null,
    geometry: readGeometry(feature, file, label),
  };
}

/** Checks a (Multi)Polygon ring by ring: lon/lat in range, at least 4 positions, closed. */
function readGeometry(feature: Record<string, unknown>, file: string, label: string): Ward2025['geometry'] {
  const g = feature.geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
    throw new ImportError(
      file,
      label,
      `geometry must be a Polygon or MultiPolygon, got ${g ? String(g.type) : 'null'}`,
    );
  }
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  polygons.forEach((polygon, pi) => {
    if (!Array.isArray(polygon) || polygon.length === 0)
      throw new ImportError(file, label, `polygon ${pi} has no rings`);
    polygon.forEach((ring: unknown, ri) => {
      const where = `polygon ${pi} ring ${ri}`;
      if (!Array.isArray(ring) || ring.length < 4)
        throw new ImportError(file, label, `${where} has fewer than 4 positions`);
      for (const pos of ring) {
        if (
          !Array.isArray(pos) ||
          typeof pos[0] !== 'number' ||
          typeof pos[1] !== 'number' ||
          Math.abs(pos[0]) > 180 ||
          Math.abs(pos[1]) > 90
        ) {
          throw new ImportError(file, label, `${where} has an invalid position ${JSON.stringify(pos)}`);
        }
      }
      const [first, last] = [ring[0], ring[ring.length - 1]];
      if (first[0] !== last[0] || first[1] !== last[1]) throw new ImportError(file, label, `${where} is not closed`);
    });
  });
  return { type: 'MultiPolygon', coordinates: polygons as MultiPolygonCoords };
}
