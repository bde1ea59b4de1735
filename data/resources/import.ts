import { parseCsv, type RowIssue } from '../import/csv.js';
import { PHONE_PATTERN } from '../phone.js';
import { openingHoursError } from './opening-hours.js';
import { RESOURCE_TYPES, type ResourceInput, type ResourceStatus, type ResourceType } from './queries.js';

/** What can be wrong with a row (CSV line, or GeoJSON feature number) of a resource import. */
export type ResourceRowCode =
  | 'required'
  | 'unknown_type'
  | 'not_a_number'
  | 'out_of_range'
  | 'bad_hours'
  | 'bad_phone'
  | 'bad_status'
  | 'bad_json'
  | 'outside_hanoi'
  | 'out_of_scope'
  | 'unreadable'
  | 'not_a_point';

const STATUSES = ['open', 'closed', 'temporarily_closed'] as const;

interface Parsed {
  row: number;
  input?: ResourceInput;
  errors: RowIssue<ResourceRowCode>[];
}

/** Checks one record (CSV row or GeoJSON properties + point); returns the input or its errors. */
function readRecord(rec: Record<string, unknown>, row: number): Parsed {
  const errors: RowIssue<ResourceRowCode>[] = [];
  const text = (k: string) => (rec[k] == null ? '' : String(rec[k]).trim());
  const fail = (column: string, code: ResourceRowCode, message: string) =>
    errors.push({ row, column, code, value: text(column) || undefined, message });
  const type = text('type');
  if (!RESOURCE_TYPES.includes(type as ResourceType))
    fail('type', 'unknown_type', `one of ${RESOURCE_TYPES.join(', ')}`);
  const name = text('name');
  if (!name) fail('name', 'required', 'required');
  const coord = (k: 'lon' | 'lat', lo: number, hi: number) => {
    const n = Number(text(k));
    if (text(k) === '' || !Number.isFinite(n)) fail(k, 'not_a_number', 'a number');
    else if (n < lo || n > hi) fail(k, 'out_of_range', `between ${lo} and ${hi}`);
    return n;
  };
  const lon = coord('lon', -180, 180);
  const lat = coord('lat', -90, 90);
  const hours = text('opening_hours');
  const hoursError = openingHoursError(hours);
  if (hoursError) fail('opening_hours', 'bad_hours', hoursError);
  const phone = text('phone');
  if (phone && !PHONE_PATTERN.test(phone)) fail('phone', 'bad_phone', 'a phone number');
  const status = text('status') || 'open';
  if (!STATUSES.includes(status as ResourceStatus)) fail('status', 'bad_status', STATUSES.join(', '));
  const capacityText = text('capacity');
  const capacity = capacityText === '' ? null : Number(capacityText);
  if (capacity !== null && !(Number.isInteger(capacity) && capacity >= 0))
    fail('capacity', 'not_a_number', 'a whole number ≥ 0');
  const json = (k: string): Record<string, unknown> => {
    const v = rec[k];
    if (v == null || v === '') return {};
    if (typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    try {
      const parsed = JSON.parse(String(v));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
    } catch {}
    fail(k, 'bad_json', 'a JSON object, e.g. {"oxygen_cylinders": 10}');
    return {};
  };
  const services = json('services');
  const stock = json('stock');
  if (errors.length > 0) return { row, errors };
  return {
    row,
    errors,
    input: {
      type: type as ResourceType,
      name,
      address: text('address'),
      lon,
      lat,
      phone: phone || null,
      openingHours: hours,
      services,
      capacity,
      stock,
      status: status as ResourceStatus,
    },
  };
}

/** Reads a CSV (header: type,name,address,lon,lat,phone,opening_hours,capacity,status,services,stock). */
export function parseResourceCsv(text: string) {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      rows: [],
      errors: [{ row: 1, column: '', code: 'unreadable' as const, message: (error as Error).message }],
    };
  }
  return collect(records.map((rec, i) => readRecord(rec, i + 2)));
}

/** Reads a GeoJSON FeatureCollection of Points whose properties carry the CSV's columns. */
export function parseResourceGeojson(fc: { features?: unknown[] } | null) {
  const features = Array.isArray(fc?.features) ? fc.features : [];
  return collect(
    features.map((f, i) => {
      // a stranger's JSON: a feature may be null, a number, anything
      const feature = (f ?? {}) as {
        geometry?: { type?: string; coordinates?: unknown[] };
        properties?: Record<string, unknown>;
      };
      if (feature.geometry?.type !== 'Point' || !Array.isArray(feature.geometry.coordinates)) {
        return {
          row: i + 1,
          errors: [{ row: i + 1, column: 'geometry', code: 'not_a_point', message: 'a Point geometry' }],
        };
      }
      const [lon, lat] = feature.geometry.coordinates;
      return readRecord({ ...feature.properties, lon, lat }, i + 1);
    }) as Parsed[],
  );
}

function collect(results: Parsed[]) {
  const rows: (ResourceInput & { row: number })[] = [];
  const errors: RowIssue<ResourceRowCode>[] = [];
  for (const r of results) {
    errors.push(...r.errors);
    if (r.input) rows.push({ ...r.input, row: r.row });
  }
  return { rows, errors };
}
