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

/** A city admin's narrowing to one former district (others are held to their scope by the API). */
export type Scope = { district?: string };
const scoped = (scope: Scope) => (scope.district ? { district: scope.district } : {});

// the analysis routes answer JSON or files by `format`: their typed bodies are declared here
export const fetchHotspots = async (week: string | undefined, fdr: boolean, scope: Scope = {}) =>
  (await ok(
    await api.api.analysis.hotspots.$get({
      query: { ...(week ? { week } : {}), fdr: String(fdr), ...scoped(scope) } as never,
    }),
  )) as Hotspots;
export const fetchEmerging = async (until: string | undefined, scope: Scope = {}) =>
  (await ok(
    await api.api.analysis.emerging.$get({
      query: { ...(until ? { until } : {}), weeks: '8', ...scoped(scope) } as never,
    }),
  )) as Emerging;
export const fetchCoverage = async (type: string, maxM: number, scope: Scope = {}) =>
  (await ok(
    await api.api.analysis.coverage.$get({ query: { type, maxM: String(maxM), ...scoped(scope) } as never }),
  )) as Coverage;
export const fetchSiting = async (type: string, k: number, radiusM: number, scope: Scope = {}) =>
  (await ok(
    await api.api.analysis.siting.$get({
      query: { type, k: String(k), radiusM: String(radiusM), ...scoped(scope) } as never,
    }),
  )) as SitingPlan;
export const fetchTrend = async (ward: string) =>
  (await ok(await api.api.analysis.trend.$get({ query: { ward } }))) as Trend;
