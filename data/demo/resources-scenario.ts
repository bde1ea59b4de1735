import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bbox, booleanPointInPolygon } from '@turf/turf';
import type { Db } from '../db.js';
import { insertResources, type ResourceInput } from '../resources/queries.js';
import { seededRandom } from './random.js';

export const DEMO_RESOURCE_SOURCE = 'Minh họa (demo) trên vị trí OpenStreetMap — demo, not the real 2021 stations';

const HOURS = {
  mobile_station: 'Mo-Su 07:00-21:00',
  oxygen_atm: '24/7',
  vaccination_point: 'Mo-Fr 07:30-11:30,13:30-17:00; Sa 07:30-11:30; PH off',
  treatment_facility: '24/7',
  testing_point: 'Mo-Sa 07:00-19:00; PH off',
} as const;

interface OsmPoint {
  name?: string;
  healthcare?: string;
  phone?: string;
  ward?: string;
  street?: string;
  lon: number;
  lat: number;
  address: string;
}

function readOsm(dir: string, prefix: string): OsmPoint[] {
  const folder = join(dir, 'osm-health-pois');
  if (!existsSync(folder)) return [];
  const file = readdirSync(folder).find((f) => f.startsWith(prefix) && f.endsWith('.geojson'));
  if (!file) return [];
  const fc = JSON.parse(readFileSync(join(folder, file), 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Point>;
  return fc.features.map((f) => {
    const p = (f.properties ?? {}) as Record<string, string>;
    return {
      name: p.name?.trim(),
      healthcare: p.healthcare,
      phone: p.phone ?? p['contact:phone'],
      ward: p._ward_code_2025,
      lon: f.geometry.coordinates[0],
      lat: f.geometry.coordinates[1],
      street: p['addr:street'] ? [p['addr:housenumber'], p['addr:street']].filter(Boolean).join(' ') : undefined,
      // the street and the 2025 ward, e.g. `44 Phố Lê Đại Hành, Phường Hai Bà Trưng`; the ward alone without a street
      address: [
        p['addr:street'] && [p['addr:housenumber'], p['addr:street']].filter(Boolean).join(' '),
        p._ward_name_2025,
      ]
        .filter(Boolean)
        .join(', '),
    };
  });
}

/**
 * Demo resources on real anchors: OSM hospitals become treatment facilities (and vaccinate),
 * OSM commune health stations vaccination points, other named clinics testing points; each ward
 * gets mobile stations (one per ~15,000 people) and oxygen ATMs (one per ~30,000), the ATMs at
 * the ward's OSM pharmacies first. Deterministic for a seed; every row is flagged demo.
 */
export async function loadDemoResources(
  db: Db,
  dataDir: string | undefined,
  seed = 2021,
  now = new Date(),
): Promise<number> {
  const random = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const updatedAt = () => new Date(now.getTime() - between(2, 600) * 60_000).toISOString();
  const rows: (ResourceInput & { stockUpdatedAt?: string })[] = [];
  const base = { demo: true, source: DEMO_RESOURCE_SOURCE, status: 'open' as const, capacity: null };

  const hospitals = dataDir ? readOsm(dataDir, 'hanoi_hospitals') : [];
  for (const h of hospitals) {
    if (!h.name || !h.healthcare) continue; // unnamed or mis-tagged (e.g. an optician tagged hospital)
    const isStation = /^trạm y tế/i.test(h.name);
    const isHospital = /^bệnh viện/i.test(h.name);
    const type = isStation ? 'vaccination_point' : isHospital ? 'treatment_facility' : 'testing_point';
    rows.push({
      ...base,
      type,
      name: h.name,
      address: h.address,
      lon: h.lon,
      lat: h.lat,
      phone: h.phone ?? null,
      openingHours: HOURS[type],
      capacity: isHospital ? between(50, 800) : null,
      services: isStation ? { vaccines: ['Pfizer', 'AstraZeneca'], walkIn: true } : { testing: ['PCR', 'rapid'] },
      stock: isStation
        ? { doses: { Pfizer: between(0, 400), AstraZeneca: between(0, 300) } }
        : { test_kits: between(0, 500) },
      stockUpdatedAt: updatedAt(),
    });
    if (isHospital) {
      rows.push({
        ...base,
        type: 'vaccination_point',
        name: `Điểm tiêm chủng – ${h.name}`,
        address: h.address,
        lon: h.lon + 0.0003,
        lat: h.lat + 0.0002,
        phone: h.phone ?? null,
        openingHours: HOURS.vaccination_point,
        services: { vaccines: ['Pfizer', 'Moderna', 'AstraZeneca'], walkIn: false },
        stock: { doses: { Pfizer: between(0, 800), Moderna: between(0, 500), AstraZeneca: between(0, 300) } },
        stockUpdatedAt: updatedAt(),
      });
    }
  }

  const pharmacies = dataDir ? readOsm(dataDir, 'hanoi_pharmacies') : [];
  const wards = await db.query<{ code: string; full_name_vi: string; population: number; geometry: string }>(
    `SELECT code, full_name_vi, population, ST_AsGeoJSON(geom, 7) AS geometry FROM admin_units
     WHERE level = 'ward' AND population > 0 ORDER BY code`,
  );
  // points drawn in JS from the seeded generator: the same on every engine and PostGIS version
  const pointsIn = (geometry: GeoJSON.MultiPolygon, n: number) => {
    const [x0, y0, x1, y1] = bbox(geometry);
    const out: { lon: number; lat: number }[] = [];
    while (out.length < n) {
      const p: [number, number] = [x0 + random() * (x1 - x0), y0 + random() * (y1 - y0)];
      if (booleanPointInPolygon(p, geometry)) out.push({ lon: p[0], lat: p[1] });
    }
    return out;
  };
  for (const w of wards) {
    const stations = Math.max(1, Math.round(w.population / 15_000));
    const atms = Math.max(1, Math.round(w.population / 30_000));
    // pharmacies with a street address first: the card can then say where the machine stands
    const anchors = pharmacies
      .filter((p) => p.ward === w.code)
      .sort((a, b) => Number(!a.street) - Number(!b.street))
      .slice(0, atms);
    const points = pointsIn(JSON.parse(w.geometry), stations + atms - anchors.length);
    rows.push(
      ...points.slice(0, stations).map((p, i) => ({
        ...base,
        type: 'mobile_station' as const,
        name: `Trạm y tế lưu động số ${i + 1} – ${w.full_name_vi}`,
        address: w.full_name_vi,
        lon: p.lon,
        lat: p.lat,
        phone: null, // a demo station has no number of its own; the card offers the 1022 hotline
        openingHours: HOURS.mobile_station,
        capacity: between(20, 60),
        services: { care: ['khám sàng lọc', 'cấp thuốc', 'ô xy'], walkIn: true },
        stock: { oxygen_cylinders: between(0, 12), test_kits: between(0, 200) },
        stockUpdatedAt: updatedAt(),
      })),
    );
    const atmPlaces = [
      ...anchors.map((a) => ({ lon: a.lon, lat: a.lat, address: a.address || w.full_name_vi, phone: a.phone ?? null })),
      ...points.slice(stations).map((p) => ({ ...p, address: w.full_name_vi, phone: null })),
    ];
    rows.push(
      ...atmPlaces.map((p, i) => ({
        ...base,
        type: 'oxygen_atm' as const,
        name: `Cây ATM ô xy ${i + 1} – ${w.full_name_vi}`,
        address: p.address,
        lon: p.lon,
        lat: p.lat,
        phone: p.phone, // the anchor's own number when OSM has one, else none
        openingHours: HOURS.oxygen_atm,
        services: { free: true },
        stock: { oxygen_cylinders: between(0, 20), concentrators: between(0, 4) },
        stockUpdatedAt: updatedAt(),
      })),
    );
  }
  await db.transaction((tx) => insertResources(tx, rows));
  return rows.length;
}
