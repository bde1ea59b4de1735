import type { Lang } from '../i18n/strings.js';

/** What a link reproduces: where the map is, which ward is open, in which language. */
export interface ViewState {
  lon: number;
  lat: number;
  zoom: number;
  ward?: string;
  /** the ISO week shown; absent: the latest */
  week?: string;
  lang: Lang;
}

export const DEFAULT_VIEW: ViewState = { lon: 105.8542, lat: 21.0285, zoom: 11, lang: 'vi' };

export function readViewState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const num = (key: string, min: number, max: number, fallback: number) => {
    const v = Number(p.get(key));
    return p.has(key) && Number.isFinite(v) && v >= min && v <= max ? v : fallback;
  };
  const ward = p.get('ward') ?? undefined;
  const week = p.get('week') ?? undefined;
  return {
    lon: num('lon', -180, 180, DEFAULT_VIEW.lon),
    lat: num('lat', -85, 85, DEFAULT_VIEW.lat),
    zoom: num('z', 0, 22, DEFAULT_VIEW.zoom),
    ward: ward && /^\d{5}$/.test(ward) ? ward : undefined,
    week: week && /^\d{4}-W\d{2}$/.test(week) ? week : undefined,
    lang: p.get('lang') === 'en' ? 'en' : 'vi',
  };
}

export function writeViewState(view: ViewState): string {
  const p = new URLSearchParams({ lat: view.lat.toFixed(5), lon: view.lon.toFixed(5), z: view.zoom.toFixed(2) });
  if (view.ward) p.set('ward', view.ward);
  if (view.week) p.set('week', view.week);
  if (view.lang !== 'vi') p.set('lang', view.lang);
  return `?${p}`;
}
