import { RESOURCE_TYPES, type ResourceType } from '../../data/resources/types.js';
import {
  DEFAULT_DASHBOARD,
  DEFAULT_VIEW,
  type DialogKind,
  type NearQuery,
  type Panel,
  type SortKey,
  type ViewState,
} from './view-state.js';

/*
 * The URL mirrors the view state completely: opening a link the app wrote shows the same view.
 * Two things are left out on purpose: the person's own location (a shared link would give it away;
 * `near=you` locates again) and points being picked for new premises (unfinished form input).
 */

const WARD = /^\d{5}$/;
const WEEK = /^\d{4}-W\d{2}$/;
const DISTRICT = /^\d{3}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIALOGS: readonly DialogKind[] = ['signIn', 'password', 'admin', 'import', 'importResources', 'newResource'];
const SORTS: readonly SortKey[] = ['level', 'incidence', 'change', 'z'];
const isType = (s: string): s is ResourceType => (RESOURCE_TYPES as readonly string[]).includes(s);

export function readViewState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const num = (key: string, min: number, max: number, fallback: number) => {
    const v = Number(p.get(key));
    return p.has(key) && p.get(key) !== '' && Number.isFinite(v) && v >= min && v <= max ? v : fallback;
  };
  const match = (key: string, re: RegExp) => {
    const v = p.get(key);
    return v && re.test(v) ? v : undefined;
  };
  const dialog = p.get('dialog');
  return {
    lon: num('lon', -180, 180, DEFAULT_VIEW.lon),
    lat: num('lat', -85, 85, DEFAULT_VIEW.lat),
    zoom: num('z', 0, 22, DEFAULT_VIEW.zoom),
    lang: p.get('lang') === 'en' ? 'en' : 'vi',
    week: match('week', WEEK),
    panel: readPanel(p, num, match),
    dialog: DIALOGS.find((d) => d === dialog),
  };
}

function readPanel(
  p: URLSearchParams,
  num: (key: string, min: number, max: number, fallback: number) => number,
  match: (key: string, re: RegExp) => string | undefined,
): Panel {
  const view = p.get('panel');
  if (view === 'premises') return { kind: 'premises' };
  if (view === 'dashboard') {
    const sort = p.get('sort');
    const type = p.get('type') ?? '';
    const k = num('k', 1, 200, 0);
    const radiusM = num('radius', 200, 10_000, 0);
    return {
      ...DEFAULT_DASHBOARD,
      week: match('aweek', WEEK),
      fdr: p.get('fdr') === '1',
      tab: p.get('tab') === 'coverage' ? 'coverage' : 'hotspots',
      ward: match('award', WARD),
      district: match('district', DISTRICT),
      sort: SORTS.find((s) => s === sort) ?? DEFAULT_DASHBOARD.sort,
      desc: p.get('asc') !== '1',
      type: isType(type) ? type : DEFAULT_DASHBOARD.type,
      maxM: num('maxM', 100, 10_000, DEFAULT_DASHBOARD.maxM),
      ...(k && radiusM ? { siting: { k, radiusM } } : {}),
    };
  }
  const near = readNear(p, num, match);
  const place = match('place', UUID);
  if (near && place) return { kind: 'place', id: place, ...near };
  if (near) {
    const highlight = match('hl', UUID);
    return { kind: 'near', ...near, ...(highlight ? { highlight } : {}) };
  }
  const business = match('business', UUID);
  if (business) return { kind: 'business', id: business };
  const ward = match('ward', WARD);
  return ward ? { kind: 'ward', ward } : { kind: 'map' };
}

function readNear(
  p: URLSearchParams,
  num: (key: string, min: number, max: number, fallback: number) => number,
  match: (key: string, re: RegExp) => string | undefined,
): NearQuery | undefined {
  const kind = p.get('near');
  const types = (p.get('types') ?? '').split(',').filter(isType);
  const filters = { types: [...new Set(types)], openNow: p.get('open') === '1' };
  if (kind === 'you') return { status: 'locating', ...filters };
  if (kind === 'ward') {
    const ward = match('from', WARD);
    return ward ? { status: 'ready', origin: { kind: 'ward', ward }, ...filters } : undefined;
  }
  if (kind === 'point') {
    const lon = num('olon', -180, 180, Number.NaN);
    const lat = num('olat', -85, 85, Number.NaN);
    return Number.isNaN(lon) || Number.isNaN(lat)
      ? { status: 'denied', ...filters }
      : { status: 'ready', origin: { kind: 'point', lon, lat }, ...filters };
  }
  // a list whose location was refused, still waiting for a tap
  if (kind === 'pick') return { status: 'denied', ...filters };
  return undefined;
}

export function writeViewState(view: ViewState): string {
  const p = new URLSearchParams({ lat: view.lat.toFixed(5), lon: view.lon.toFixed(5), z: view.zoom.toFixed(2) });
  if (view.week) p.set('week', view.week);
  if (view.lang !== 'vi') p.set('lang', view.lang);
  const panel = view.panel;
  switch (panel.kind) {
    case 'map':
      break;
    case 'ward':
      p.set('ward', panel.ward);
      break;
    case 'near':
    case 'place': {
      const o = panel.origin;
      if (!o || o.kind === 'you') p.set('near', panel.status === 'denied' ? 'pick' : 'you');
      else if (o.kind === 'ward') {
        p.set('near', 'ward');
        p.set('from', o.ward);
      } else {
        p.set('near', 'point');
        p.set('olon', o.lon.toFixed(5));
        p.set('olat', o.lat.toFixed(5));
      }
      if (panel.types.length > 0) p.set('types', panel.types.join(','));
      if (panel.openNow) p.set('open', '1');
      if (panel.kind === 'place') p.set('place', panel.id);
      else if (panel.highlight) p.set('hl', panel.highlight);
      break;
    }
    case 'business':
      p.set('business', panel.id);
      break;
    case 'premises':
      p.set('panel', 'premises');
      break;
    case 'dashboard':
      p.set('panel', 'dashboard');
      if (panel.week) p.set('aweek', panel.week);
      if (panel.fdr) p.set('fdr', '1');
      if (panel.tab !== 'hotspots') p.set('tab', panel.tab);
      if (panel.ward) p.set('award', panel.ward);
      if (panel.district) p.set('district', panel.district);
      if (panel.sort !== DEFAULT_DASHBOARD.sort) p.set('sort', panel.sort);
      if (!panel.desc) p.set('asc', '1');
      if (panel.type !== DEFAULT_DASHBOARD.type) p.set('type', panel.type);
      if (panel.maxM !== DEFAULT_DASHBOARD.maxM) p.set('maxM', String(panel.maxM));
      if (panel.siting) {
        p.set('k', String(panel.siting.k));
        p.set('radius', String(panel.siting.radiusM));
      }
      break;
  }
  if (view.dialog) p.set('dialog', view.dialog);
  return `?${p}`;
}
