import { api, ok } from './api-client.js';

export interface HotspotWard {
  code: string;
  name: string;
  incidence: number;
  level: number | null;
  ruleSet: string | null;
  demo: boolean;
  z: number;
  p: number;
  bin: number;
}
export interface Hotspots {
  week: string;
  scope: string;
  ruleSets: string[];
  demo: boolean;
  fdr: boolean;
  wards: HotspotWard[];
}
export interface Emerging {
  weeks: string[];
  wards: { code: string; category: string; bins: number[] }[];
}
export interface Coverage {
  people: number;
  beyond: number;
  shareBeyond: number;
  wards: { code: string; people: number; beyond: number; shareBeyond: number }[];
  uncovered: GeoJSON.FeatureCollection;
}
export interface SitingPlan {
  sites: { cell: number; ward: string; lon: number; lat: number; newlyCovered: number }[];
  covered: number;
  greedyCovered: number;
  perWard: { sites: { ward: string; lon: number; lat: number }[]; covered: number };
  peopleBeyondBefore: number;
}
export interface Trend {
  weeks: string[];
  series: { ward: (number | null)[]; district: (number | null)[]; city: (number | null)[] };
}

// the analysis routes answer JSON or files by `format`: their typed bodies are declared here
export const fetchHotspots = async (week: string | undefined, fdr: boolean) =>
  (await ok(
    await api.api.analysis.hotspots.$get({ query: { ...(week ? { week } : {}), fdr: String(fdr) } as never }),
  )) as Hotspots;
export const fetchEmerging = async (until: string | undefined) =>
  (await ok(
    await api.api.analysis.emerging.$get({ query: { ...(until ? { until } : {}), weeks: '8' } as never }),
  )) as Emerging;
export const fetchCoverage = async (type: string, maxM: number) =>
  (await ok(await api.api.analysis.coverage.$get({ query: { type, maxM: String(maxM) } as never }))) as Coverage;
export const fetchSiting = async (type: string, k: number, radiusM: number) =>
  (await ok(
    await api.api.analysis.siting.$get({ query: { type, k: String(k), radiusM: String(radiusM) } as never }),
  )) as SitingPlan;
export const fetchTrend = async (ward: string) =>
  (await ok(await api.api.analysis.trend.$get({ query: { ward } }))) as Trend;
