import { api, ok } from './api-client.js';

export type Nearby = Awaited<ReturnType<typeof fetchNearest>>['resources'][number];
export const RESOURCE_TYPE_IDS = [
  'mobile_station',
  'oxygen_atm',
  'vaccination_point',
  'treatment_facility',
  'testing_point',
] as const;

/** Colour and short mark of each type on the map and in lists. */
export const TYPE_STYLE: Record<string, { colour: string; mark: string }> = {
  mobile_station: { colour: '#1971c2', mark: '+' },
  oxygen_atm: { colour: '#0ca678', mark: 'O₂' },
  vaccination_point: { colour: '#7048e8', mark: 'V' },
  treatment_facility: { colour: '#c92a2a', mark: 'H' },
  testing_point: { colour: '#e67700', mark: 'T' },
};

export async function fetchNearest(
  origin: { lon: number; lat: number } | { ward: string },
  types: string[],
  openNow: boolean,
  limit = 5,
) {
  const query: Record<string, string> = { limit: String(limit) };
  if ('ward' in origin) query.ward = origin.ward;
  else Object.assign(query, { lon: origin.lon.toFixed(6), lat: origin.lat.toFixed(6) });
  if (types.length > 0) query.types = types.join(',');
  if (openNow) query.openNow = 'true';
  return ok(await api.api.resources.nearest.$get({ query: query as never }));
}

/** Hanoi wall-clock time of an instant, HH:MM. */
export function hanoiTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(11, 16);
}

/** `1,2 km` / `350 m`. */
export function formatDistance(m: number, lang: 'vi' | 'en'): string {
  if (m < 1000) return `${Math.round(m / 10) * 10} m`;
  return `${(m / 1000).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })} km`;
}

/** The stock as "12 bình ô xy · 3 máy tạo ô xy". */
export function stockSummary(stock: Record<string, unknown>, names: Record<string, string>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(stock)) {
    if (typeof v === 'number') parts.push(`${v} ${names[k] ?? k}`);
    else if (v && typeof v === 'object') {
      const total = Object.values(v as Record<string, number>).reduce((a, b) => a + b, 0);
      const detail = Object.entries(v as Record<string, number>)
        .map(([n, c]) => `${n} ${c}`)
        .join(', ');
      parts.push(`${total} ${names[k] ?? k} (${detail})`);
    }
  }
  return parts.join(' · ');
}
