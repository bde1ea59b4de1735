import type { ResourceType } from '../../data/resources/types.js';
import type { Lang } from '../i18n/strings.js';

/** Where the nearest list measures from: the person's location, a tapped or found point, or a ward. */
export type Origin = { kind: 'you' | 'point'; lon: number; lat: number } | { kind: 'ward'; ward: string };

/** The nearest list's question: from where, which types, open now only. */
export interface NearQuery {
  /** locating: waiting for the browser's location; denied: refused, a tap on the map chooses the point */
  status: 'locating' | 'denied' | 'ready';
  /** `you` without a fix yet while locating; a shared link never carries someone's location */
  origin?: Origin;
  types: ResourceType[];
  openNow: boolean;
}

export type SortKey = 'level' | 'incidence' | 'change' | 'z';

/** The leaders' dashboard: which week, which tab, which ward's trend, how the table is sorted. */
export interface DashboardView {
  kind: 'dashboard';
  /** absent: the newest week with levels */
  week?: string;
  fdr: boolean;
  tab: 'hotspots' | 'coverage';
  /** the ward whose trend is drawn */
  ward?: string;
  /** a city admin's narrowing to one former district */
  district?: string;
  sort: SortKey;
  desc: boolean;
  type: ResourceType;
  maxM: number;
  /** a siting proposal asked for, with these parameters */
  siting?: { k: number; radiusM: number };
}

/** What the screen shows beside the map: exactly one of these. */
export type Panel =
  | { kind: 'map' }
  | { kind: 'ward'; ward: string }
  | ({ kind: 'near'; highlight?: string } & NearQuery)
  /** one place's card, reached from the nearest list (back returns to it) */
  | ({ kind: 'place'; id: string } & NearQuery)
  | { kind: 'business'; id: string }
  /** own premises (business accounts) or the premises in scope (officials); picking: taps place new premises */
  | { kind: 'premises'; picking?: boolean; picked?: { lon: number; lat: number } }
  | DashboardView;

/** Modal dialogs over whatever panel is open. */
export type DialogKind = 'signIn' | 'password' | 'admin' | 'import' | 'importResources' | 'newResource';

export interface ViewState {
  lon: number;
  lat: number;
  zoom: number;
  lang: Lang;
  /** the ISO week the map shows; absent: the latest */
  week?: string;
  panel: Panel;
  dialog?: DialogKind;
}

export const DEFAULT_VIEW: ViewState = { lon: 105.8542, lat: 21.0285, zoom: 11, lang: 'vi', panel: { kind: 'map' } };

export const DEFAULT_DASHBOARD: DashboardView = {
  kind: 'dashboard',
  fdr: false,
  tab: 'hotspots',
  sort: 'z',
  desc: true,
  type: 'mobile_station',
  maxM: 1000,
};

/** Views and dialogs that only make sense for a signed-in account. */
export function needsAccount(view: Pick<ViewState, 'panel' | 'dialog'>): boolean {
  return (
    view.panel.kind === 'premises' ||
    view.panel.kind === 'dashboard' ||
    (view.dialog !== undefined && view.dialog !== 'signIn')
  );
}

export type Action =
  | { type: 'lang'; lang: Lang }
  | { type: 'moved'; lon: number; lat: number; zoom: number }
  | { type: 'week'; week: string | undefined }
  /** a ward chosen in search: with the nearest list open, it becomes the list's origin */
  | { type: 'pickWard'; ward: string }
  /** a tap on the map: what it means depends on the panel open */
  | { type: 'mapClick'; ward?: string; business?: string; lon: number; lat: number }
  /** a place tapped on the map (its number or its symbol): its card; `inList`: it is in the open list */
  | { type: 'tapPlace'; id: string; lon: number; lat: number; inList: boolean }
  | { type: 'openNear' }
  | { type: 'located'; lon: number; lat: number }
  | { type: 'locationDenied' }
  | { type: 'nearFilters'; types?: ResourceType[]; openNow?: boolean }
  /** a place found by name: the nearest list from it, the place itself first and ringed */
  | { type: 'foundResource'; id: string; lon: number; lat: number }
  | { type: 'openPlace'; id: string }
  | { type: 'backToList' }
  | { type: 'openBusiness'; id: string }
  | { type: 'openPremises' }
  | { type: 'picking'; on: boolean }
  | { type: 'openDashboard' }
  | { type: 'dashboard'; patch: Partial<Omit<DashboardView, 'kind'>> }
  | { type: 'closePanel' }
  | { type: 'openDialog'; dialog: DialogKind }
  | { type: 'closeDialog' }
  /** signed out, or a signed-out visitor declined to sign in: views needing an account fall back to the map */
  | { type: 'signedOut' };

const nearOf = (panel: Panel): NearQuery | undefined =>
  panel.kind === 'near' || panel.kind === 'place'
    ? { status: panel.status, origin: panel.origin, types: panel.types, openNow: panel.openNow }
    : undefined;

/** The one place where what the screen shows changes. */
export function viewReducer(state: ViewState, action: Action): ViewState {
  const panel = (p: Panel): ViewState => ({ ...state, panel: p });
  const near = nearOf(state.panel);
  switch (action.type) {
    case 'lang':
      return { ...state, lang: action.lang };
    case 'moved':
      return { ...state, lon: action.lon, lat: action.lat, zoom: action.zoom };
    case 'week':
      return { ...state, week: action.week };
    case 'pickWard':
      return near
        ? panel({ kind: 'near', ...near, status: 'ready', origin: { kind: 'ward', ward: action.ward } })
        : panel({ kind: 'ward', ward: action.ward });
    case 'mapClick': {
      const p = state.panel;
      const at = { lon: action.lon, lat: action.lat };
      if (p.kind === 'premises') return p.picking ? panel({ ...p, picked: at }) : state;
      if (near) return panel({ kind: 'near', ...near, status: 'ready', origin: { kind: 'point', ...at } });
      if (p.kind === 'dashboard') return state;
      if (action.business) return panel({ kind: 'business', id: action.business });
      return panel(action.ward ? { kind: 'ward', ward: action.ward } : { kind: 'map' });
    }
    case 'tapPlace':
      return near && action.inList
        ? panel({ kind: 'place', ...near, id: action.id })
        : panel({
            kind: 'place',
            status: 'ready',
            origin: { kind: 'point', lon: action.lon, lat: action.lat },
            types: [],
            openNow: false,
            id: action.id,
          });
    case 'openNear':
      return panel({ kind: 'near', status: 'locating', types: near?.types ?? [], openNow: near?.openNow ?? false });
    case 'located': {
      // a link to a card (`near=you&place=…`) keeps the card once located
      const p = state.panel;
      return p.kind === 'near' || p.kind === 'place'
        ? panel({ ...p, status: 'ready', origin: { kind: 'you', lon: action.lon, lat: action.lat } })
        : state;
    }
    case 'locationDenied':
      return near && near.status === 'locating' ? panel({ kind: 'near', ...near, status: 'denied' }) : state;
    case 'nearFilters':
      return near
        ? panel({
            kind: 'near',
            ...near,
            types: action.types ?? near.types,
            openNow: action.openNow ?? near.openNow,
          })
        : state;
    case 'foundResource':
      return panel({
        kind: 'near',
        status: 'ready',
        origin: { kind: 'point', lon: action.lon, lat: action.lat },
        types: [],
        openNow: false,
        highlight: action.id,
      });
    case 'openPlace':
      return near ? panel({ kind: 'place', ...near, id: action.id }) : state;
    case 'backToList':
      // the row of the card just closed stays marked
      return near
        ? panel({ kind: 'near', ...near, ...(state.panel.kind === 'place' ? { highlight: state.panel.id } : {}) })
        : state;
    case 'openBusiness':
      return panel({ kind: 'business', id: action.id });
    case 'openPremises':
      return panel({ kind: 'premises' });
    case 'picking':
      return state.panel.kind === 'premises' && !!state.panel.picking !== action.on
        ? panel({ kind: 'premises', picking: action.on })
        : state;
    case 'openDashboard':
      return panel(DEFAULT_DASHBOARD);
    case 'dashboard':
      return state.panel.kind === 'dashboard' ? panel({ ...state.panel, ...action.patch }) : state;
    case 'closePanel':
      return panel({ kind: 'map' });
    case 'openDialog':
      return { ...state, dialog: action.dialog };
    case 'closeDialog':
      return { ...state, dialog: undefined };
    case 'signedOut':
      return needsAccount(state)
        ? {
            ...state,
            dialog: undefined,
            panel: state.panel.kind === 'premises' || state.panel.kind === 'dashboard' ? { kind: 'map' } : state.panel,
          }
        : state;
  }
}
