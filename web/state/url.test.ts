import { describe, expect, it } from 'vitest';
import { readViewState, writeViewState } from './url.js';
import { DEFAULT_DASHBOARD, DEFAULT_VIEW, type Panel, type ViewState, viewReducer } from './view-state.js';

const PLACE = '0b6f7c52-3d0e-4a57-9b1a-1f4f3c7d2a10';
const PREMISES = '5d7e2c1a-9f3b-4c8e-8a6d-2b1c0e9f7a34';
const base = { lon: 105.85, lat: 21.03, zoom: 13.5, lang: 'en' as const, week: '2022-W05' };

/** Every view the app can show, as the reducer makes them. */
const PANELS: [string, Panel][] = [
  ['map', { kind: 'map' }],
  ['ward', { kind: 'ward', ward: '00070' }],
  ['near, locating you', { kind: 'near', status: 'locating', types: [], openNow: false }],
  ['near, location refused', { kind: 'near', status: 'denied', types: ['oxygen_atm'], openNow: false }],
  [
    'near a point, highlighted',
    {
      kind: 'near',
      status: 'ready',
      origin: { kind: 'point', lon: 105.8524, lat: 21.0287 },
      types: ['oxygen_atm', 'mobile_station'],
      openNow: true,
      highlight: PLACE,
    },
  ],
  [
    'near a ward',
    { kind: 'near', status: 'ready', origin: { kind: 'ward', ward: '00004' }, types: [], openNow: false },
  ],
  [
    'a place card',
    {
      kind: 'place',
      id: PLACE,
      status: 'ready',
      origin: { kind: 'point', lon: 105.8195, lat: 21.0352 },
      types: [],
      openNow: false,
    },
  ],
  ['a business card', { kind: 'business', id: PREMISES }],
  ['premises', { kind: 'premises' }],
  ['dashboard, defaults', DEFAULT_DASHBOARD],
  [
    'dashboard, everything chosen',
    {
      kind: 'dashboard',
      week: '2021-W40',
      fdr: true,
      tab: 'coverage',
      ward: '00004',
      district: '016',
      sort: 'incidence',
      desc: false,
      type: 'oxygen_atm',
      maxM: 2000,
      siting: { k: 12, radiusM: 1500 },
    },
  ],
];

describe('view state in the URL', () => {
  it.each(PANELS)('round-trips %s', (_, panel) => {
    const view: ViewState = { ...base, panel };
    expect(readViewState(writeViewState(view))).toEqual(view);
  });

  it.each(['signIn', 'password', 'admin', 'import', 'importResources', 'newResource'] as const)(
    'round-trips the %s dialog over a panel',
    (dialog) => {
      const view: ViewState = { ...base, panel: { kind: 'ward', ward: '00070' }, dialog };
      expect(readViewState(writeViewState(view))).toEqual(view);
    },
  );

  it('round-trips the defaults', () => {
    expect(readViewState(writeViewState(DEFAULT_VIEW))).toEqual({ ...DEFAULT_VIEW, week: undefined });
  });

  it('never writes the person’s own location', () => {
    const view: ViewState = {
      ...base,
      panel: {
        kind: 'near',
        status: 'ready',
        origin: { kind: 'you', lon: 105.81, lat: 21.02 },
        types: [],
        openNow: false,
      },
    };
    const url = writeViewState(view);
    expect(url).not.toContain('105.81');
    expect(readViewState(url).panel).toEqual({ kind: 'near', status: 'locating', types: [], openNow: false });
  });

  it('falls back to defaults on nonsense', () => {
    expect(
      readViewState(
        '?lat=999&lon=abc&z=-3&ward=../x&week=W5&lang=fr&dialog=root&near=point&olon=x&types=bad&place=nope&business=1',
      ),
    ).toEqual({
      ...DEFAULT_VIEW,
      week: undefined,
      dialog: undefined,
      panel: { kind: 'near', status: 'denied', types: [], openNow: false },
    });
    expect(readViewState('?panel=dashboard&sort=drop&type=x&maxM=0&k=3').panel).toEqual(DEFAULT_DASHBOARD);
  });
});

describe('the view reducer', () => {
  const at = (panel: Panel): ViewState => ({ ...DEFAULT_VIEW, panel });
  it('keeps panels mutually exclusive: a tap on the map opens the ward or the premises under it', () => {
    expect(viewReducer(at({ kind: 'map' }), { type: 'mapClick', ward: '00070', lon: 1, lat: 2 }).panel).toEqual({
      kind: 'ward',
      ward: '00070',
    });
    expect(
      viewReducer(at({ kind: 'ward', ward: '00070' }), {
        type: 'mapClick',
        ward: '00070',
        business: PREMISES,
        lon: 1,
        lat: 2,
      }).panel,
    ).toEqual({ kind: 'business', id: PREMISES });
  });
  it('with the nearest list open, a tap or a searched ward becomes its origin', () => {
    const near = viewReducer(at({ kind: 'ward', ward: '00070' }), { type: 'openNear' });
    expect(near.panel).toEqual({ kind: 'near', status: 'locating', types: [], openNow: false });
    const denied = viewReducer(near, { type: 'locationDenied' });
    const tapped = viewReducer(denied, { type: 'mapClick', ward: '00070', lon: 105.8, lat: 21 });
    expect(tapped.panel).toMatchObject({
      kind: 'near',
      status: 'ready',
      origin: { kind: 'point', lon: 105.8, lat: 21 },
    });
    expect(viewReducer(tapped, { type: 'pickWard', ward: '00004' }).panel).toMatchObject({
      kind: 'near',
      origin: { kind: 'ward', ward: '00004' },
    });
    const card = viewReducer(tapped, { type: 'openPlace', id: PLACE });
    expect(card.panel).toMatchObject({ kind: 'place', id: PLACE, origin: { kind: 'point' } });
    // back on the list, the card's row marked
    expect(viewReducer(card, { type: 'backToList' }).panel).toMatchObject({ kind: 'near', highlight: PLACE });
    // a tapped place symbol in the list opens its card; one outside the list lists from it
    expect(viewReducer(tapped, { type: 'tapPlace', id: PLACE, lon: 1, lat: 2, inList: true }).panel).toMatchObject({
      kind: 'place',
      id: PLACE,
      origin: { kind: 'point', lon: 105.8, lat: 21 },
    });
    expect(
      viewReducer(at({ kind: 'map' }), { type: 'tapPlace', id: PLACE, lon: 1, lat: 2, inList: false }).panel,
    ).toMatchObject({
      kind: 'place',
      id: PLACE,
      origin: { kind: 'point', lon: 1, lat: 2 },
    });
  });
  it('keeps a linked card open once the person is located', () => {
    const linked = readViewState(`?near=you&place=${PLACE}`);
    expect(linked.panel).toMatchObject({ kind: 'place', status: 'locating' });
    expect(viewReducer(linked, { type: 'located', lon: 105.85, lat: 21.03 }).panel).toMatchObject({
      kind: 'place',
      id: PLACE,
      status: 'ready',
      origin: { kind: 'you', lon: 105.85, lat: 21.03 },
    });
  });
  it('taps place new premises only while picking, and never leave the dashboard', () => {
    const premises = at({ kind: 'premises', picking: true });
    expect(viewReducer(premises, { type: 'mapClick', ward: '00070', lon: 1, lat: 2 }).panel).toEqual({
      kind: 'premises',
      picking: true,
      picked: { lon: 1, lat: 2 },
    });
    const dashboard = at(DEFAULT_DASHBOARD);
    expect(viewReducer(dashboard, { type: 'mapClick', ward: '00070', lon: 1, lat: 2 })).toBe(dashboard);
  });
  it('signing out leaves views that need an account', () => {
    const view = { ...at(DEFAULT_DASHBOARD), dialog: 'admin' as const };
    expect(viewReducer(view, { type: 'signedOut' })).toMatchObject({ panel: { kind: 'map' }, dialog: undefined });
    const ward = at({ kind: 'ward', ward: '00070' });
    expect(viewReducer(ward, { type: 'signedOut' })).toBe(ward);
  });
});
