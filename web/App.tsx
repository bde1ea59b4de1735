import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { AccountMenu } from './account/AccountMenu.js';
import { AuthDialog } from './account/AuthDialog.js';
import { PasswordDialog } from './account/PasswordDialog.js';
import { mayActOnWard, sessionQuery, signOut } from './account/session.js';
import { LEVEL_STRINGS } from './i18n/level-strings.js';
import { RESOURCE_STRINGS } from './i18n/resource-strings.js';
import { STRINGS } from './i18n/strings.js';
import {
  AdminPanel,
  BusinessCard,
  Dashboard,
  ImportDialog,
  MapView,
  MyPremisesPanel,
  NearMarkers,
  NewResourceDialog,
  OfficialPremisesPanel,
} from './lazy.js';
import { wardQuery, wardsQuery } from './lib/api-client.js';
import { levelsQuery } from './lib/levels.js';
import { nearestQuery } from './lib/resources.js';
import { Legend, type LegendCounts } from './map/Legend.js';
import { frameWard, useMap } from './map/MapProvider.js';
import type { ShownLevels } from './map/MapView.js';
import { NearMe } from './near/NearMe.js';
import { OfflineBanner } from './offline/Offline.js';
import { groupsQuery } from './panels/GroupsSection.js';
import { SearchBox } from './panels/SearchBox.js';
import { WardPanel } from './panels/WardPanel.js';
import { readViewState, writeViewState } from './state/url.js';
import { needsAccount, viewReducer } from './state/view-state.js';
import type { SheetSize } from './ui/Sheet.js';

/** Queries only a signed-in account may make: dropped on sign-out so nobody else sees them. */
const PRIVATE_QUERIES = [['premises'], ['analysis'], ['accounts'], ['audit']];

export function App() {
  // the build renders the first view without a URL (web/shell.tsx)
  const [view, dispatch] = useReducer(viewReducer, undefined, () =>
    readViewState(typeof location === 'undefined' ? '' : location.search),
  );
  const { lang, panel } = view;
  // where the map opens: later moves belong to the map (and come back through `moved`)
  const initial = useRef({ lon: view.lon, lat: view.lat, zoom: view.zoom }).current;
  const map = useMap();
  const mapRef = useRef(map);
  mapRef.current = map;
  const client = useQueryClient();
  const t = STRINGS[lang];
  const tl = LEVEL_STRINGS[lang];

  const session = useQuery(sessionQuery());
  const account = session.data?.account ?? null;
  const wards = useQuery(wardsQuery());
  const wardList = wards.data ?? [];
  // while another week loads, the map keeps showing the last one
  const levels = useQuery({ ...levelsQuery(view.week), placeholderData: keepPreviousData }).data;
  const openWard = panel.kind === 'ward' ? panel.ward : undefined;
  const groups = useQuery({ ...groupsQuery(openWard ?? ''), enabled: !!openWard }).data;
  const wardDetail = useQuery({ ...wardQuery(openWard ?? ''), enabled: !!openWard }).data;
  // a phone's bottom sheet: each panel opens half high
  const [sheet, setSheet] = useState<SheetSize>('half');
  useEffect(() => setSheet('half'), [panel.kind]);

  // the current view: each ward's own latest level (stale ones marked); a chosen week: its snapshot
  const shown = useMemo(
    (): ShownLevels | undefined =>
      levels && {
        mode: levels.mode,
        byWard: new Map(levels.levels.map((l) => [l.code, { level: l.level, week: l.week, stale: l.stale }])),
      },
    [levels],
  );
  // the label under each ward's name: its level, and its week when that is not the city's newest
  const labels = useMemo(() => {
    if (!shown || !levels) return undefined;
    const out = new Map<string, string>();
    for (const w of wardList) {
      const l = shown.byWard.get(w.code);
      if (l) out.set(w.code, l.week === levels.newestWeek ? tl.level(l.level) : `${tl.level(l.level)} · ${l.week}`);
      else if (shown.mode === 'week') out.set(w.code, tl.noFiguresShort);
    }
    return out;
  }, [shown, levels, wardList, tl]);
  const counts = useMemo((): LegendCounts => {
    const c: LegendCounts = { levels: {}, stale: 0, noFigures: 0 };
    for (const l of levels?.levels ?? []) {
      c.levels[l.level] = (c.levels[l.level] ?? 0) + 1;
      if (l.stale) c.stale++;
    }
    if (levels) c.noFigures = wardList.filter((w) => !shown?.byWard.has(w.code)).length;
    return c;
  }, [levels, shown, wardList]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t.appTitle} · safemap`;
  }, [lang, t]);
  // the URL mirrors the view: a copied link opens the same view
  useEffect(() => {
    history.replaceState(null, '', writeViewState(view));
  }, [view]);

  // the nearest list from the person's location: ask the browser, then fly there
  const near = panel.kind === 'near' || panel.kind === 'place' ? panel : undefined;
  const locating = near?.status === 'locating';
  useEffect(() => {
    if (!locating) return;
    if (!navigator.geolocation) return dispatch({ type: 'locationDenied' });
    let live = true;
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        if (!live) return;
        const at = { lon: pos.coords.longitude, lat: pos.coords.latitude };
        // the map frames the list once it arrives (NearMe)
        dispatch({ type: 'located', ...at });
      },
      () => live && dispatch({ type: 'locationDenied' }),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
    return () => {
      live = false;
    };
  }, [locating]);

  // a link to a view that needs an account, opened signed out: sign in first (or back to the map)
  const signInFirst = session.isSuccess && !account && needsAccount(view);
  const official = account && account.role !== 'business' ? account : undefined;

  const origin = near?.origin;
  const from = origin && (origin.kind === 'ward' ? { ward: origin.ward } : origin);
  const nearest = useQuery({
    ...nearestQuery(from ?? { lon: 0, lat: 0 }, near?.types ?? [], near?.openNow ?? false),
    enabled: !!from,
  });
  const results = from ? nearest.data?.resources : undefined;

  // a ward chosen (search or tap) is framed within the visible map; one opened from a link keeps the link's view
  const framed = useRef(openWard);
  useEffect(() => {
    if (!wardDetail || wardDetail.code !== openWard || framed.current === openWard) return;
    framed.current = openWard;
    frameWard(mapRef.current, wardDetail.bbox);
  }, [wardDetail, openWard]);

  // Escape closes the top panel (dialogs close themselves) and focus returns to what opened it
  const lastPressed = useRef<HTMLElement | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const previous = useRef(panel.kind);
  useEffect(() => {
    const press = (e: Event) => {
      if (e.target instanceof HTMLElement) lastPressed.current = e.target;
    };
    document.addEventListener('click', press, true);
    return () => document.removeEventListener('click', press, true);
  }, []);
  useEffect(() => {
    const was = previous.current;
    previous.current = panel.kind;
    if (was === 'map' && panel.kind !== 'map') opener.current = lastPressed.current;
    if (was !== 'map' && panel.kind === 'map') {
      const back = opener.current?.isConnected ? opener.current : mapRef.current?.getCanvas();
      back?.focus();
    }
  }, [panel.kind]);
  const placeOpen = panel.kind === 'place' ? panel.id : undefined;
  useEffect(() => {
    if (view.dialog) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || panel.kind === 'map') return;
      if (placeOpen) {
        dispatch({ type: 'backToList' });
        // back on the list, on the row of the card just closed
        requestAnimationFrame(() =>
          document.querySelector<HTMLElement>(`.near-list button[data-id="${placeOpen}"]`)?.focus(),
        );
      } else dispatch({ type: 'closePanel' });
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [view.dialog, panel.kind, placeOpen]);

  const originPoint =
    panel.kind === 'premises' && panel.picking && panel.picked
      ? ([panel.picked.lon, panel.picked.lat] as [number, number])
      : origin && origin.kind !== 'ward'
        ? ([origin.lon, origin.lat] as [number, number])
        : origin && nearest.data?.origin;
  const originWard = origin?.kind === 'ward' ? wardList.find((w) => w.code === origin.ward) : undefined;

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="title">
          <span className="title-long">{t.appTitle}</span>
          <span className="title-short">{t.appShort}</span>
        </h1>
        <SearchBox
          lang={lang}
          onPick={(ward) => dispatch({ type: 'pickWard', ward: ward.code })}
          // the list from the place found, framed when it arrives
          onPickResource={(r) => dispatch({ type: 'foundResource', id: r.id, lon: r.lon, lat: r.lat })}
          onPickBusiness={(b) => {
            dispatch({ type: 'openBusiness', id: b.premisesId });
            map?.flyTo({ center: [b.lon, b.lat], zoom: 16 });
          }}
        />
        <button
          type="button"
          className="lang"
          onClick={() => dispatch({ type: 'lang', lang: lang === 'vi' ? 'en' : 'vi' })}
        >
          {t.switchLang}
        </button>
        <AccountMenu
          lang={lang}
          account={account}
          onSignIn={() => dispatch({ type: 'openDialog', dialog: 'signIn' })}
          onSignOut={() =>
            signOut().then(() => {
              for (const queryKey of PRIVATE_QUERIES) client.removeQueries({ queryKey });
              client.invalidateQueries({ queryKey: ['auth'] });
              dispatch({ type: 'signedOut' });
            })
          }
          onChangePassword={() => dispatch({ type: 'openDialog', dialog: 'password' })}
          onAdmin={() => dispatch({ type: 'openDialog', dialog: 'admin' })}
          onImport={() => dispatch({ type: 'openDialog', dialog: 'import' })}
          onImportResources={() => dispatch({ type: 'openDialog', dialog: 'importResources' })}
          onNewResource={() => dispatch({ type: 'openDialog', dialog: 'newResource' })}
          onPremises={() => dispatch({ type: 'openPremises' })}
          onAnalysis={() => dispatch({ type: 'openDashboard' })}
        />
      </header>
      <main className="main">
        <MapView
          lang={lang}
          initial={initial}
          wards={wardList}
          levels={shown}
          labels={labels}
          groups={groups}
          highlight={panel.kind === 'place' ? panel.id : panel.kind === 'near' ? panel.highlight : undefined}
          origin={originPoint}
          selected={openWard}
          onMapClick={({ code, business, place, lon, lat }) =>
            dispatch(
              place && panel.kind !== 'premises' && panel.kind !== 'dashboard'
                ? { type: 'tapPlace', ...place, inList: !!results?.some((r) => r.id === place.id) }
                : { type: 'mapClick', ward: code, business, lon, lat },
            )
          }
          onMove={(at) => dispatch({ type: 'moved', ...at })}
        />
        <Legend
          lang={lang}
          mode={levels?.mode ?? 'latest'}
          week={levels?.week ?? null}
          staleBefore={levels?.staleBefore ?? null}
          weeks={levels?.weeks ?? []}
          counts={counts}
          onWeek={(week) => dispatch({ type: 'week', week })}
        />
        {levels?.demo && (
          <p className="demo-banner" data-testid="demo-banner">
            {tl.demo}
          </p>
        )}
        <OfflineBanner lang={lang} />
        {near && results && (
          <NearMarkers
            places={results}
            current={panel.kind === 'place' ? panel.id : panel.kind === 'near' ? panel.highlight : undefined}
            onOpen={(id) => dispatch({ type: 'openPlace', id })}
          />
        )}
        {near && (
          <NearMe
            lang={lang}
            query={near}
            results={results}
            measuredFrom={nearest.data?.origin}
            failed={nearest.isError}
            highlight={panel.kind === 'near' ? panel.highlight : undefined}
            sheet={{ size: sheet, onSize: setSheet }}
            originName={originWard && (lang === 'vi' ? originWard.fullNameVi : originWard.fullNameEn)}
            place={panel.kind === 'place' ? panel.id : undefined}
            mayEdit={(wardCode) => {
              const ward = wardList.find((w) => w.code === wardCode);
              return !!ward && mayActOnWard(account, ward);
            }}
            onFilters={(filters) => dispatch({ type: 'nearFilters', ...filters })}
            onOpen={(id) => dispatch({ type: 'openPlace', id })}
            onBack={() => dispatch({ type: 'backToList' })}
            onClose={() => dispatch({ type: 'closePanel' })}
          />
        )}
        <button
          type="button"
          className="near-button"
          onClick={() => dispatch({ type: 'openNear' })}
          data-testid="near-me"
        >
          ◎ {RESOURCE_STRINGS[lang].nearMe}
        </button>
        {panel.kind === 'premises' && account?.role === 'business' && (
          <MyPremisesPanel
            lang={lang}
            picked={panel.picked}
            onPicking={(on) => dispatch({ type: 'picking', on })}
            onClose={() => dispatch({ type: 'closePanel' })}
          />
        )}
        {panel.kind === 'premises' && official && (
          <OfficialPremisesPanel lang={lang} onClose={() => dispatch({ type: 'closePanel' })} />
        )}
        {panel.kind === 'dashboard' && official && (
          <Dashboard
            lang={lang}
            view={panel}
            weeks={levels?.weeks ?? []}
            cityWide={official.role === 'city_admin'}
            onChange={(patch) => dispatch({ type: 'dashboard', patch })}
            onClose={() => dispatch({ type: 'closePanel' })}
          />
        )}
        {panel.kind === 'business' && (
          <BusinessCard id={panel.id} lang={lang} onClose={() => dispatch({ type: 'closePanel' })} />
        )}
        {panel.kind === 'ward' && (
          <WardPanel
            code={panel.ward}
            lang={lang}
            account={account}
            shown={
              levels && {
                mode: levels.mode,
                week: levels.week,
                newestWeek: levels.newestWeek,
                level: shown?.byWard.get(panel.ward),
              }
            }
            sheet={{ size: sheet, onSize: setSheet }}
            onClose={() => dispatch({ type: 'closePanel' })}
          />
        )}
        {wards.isError && <p className="banner">{t.loadError}</p>}
        {/* only once the answer says so: while it loads, the page has no data yet, not none */}
        {wards.isSuccess && wardList.length === 0 && <p className="banner muted">{t.noData}</p>}
        <a className="hotline" href="tel:1022">
          {/* on a phone the short form, so the legend beside it keeps its four counts in view; the hidden
              form is display: none, so the link's name is always the words on screen */}
          <span className="hotline-long">{t.hotline}</span>
          <span className="hotline-short">{t.hotlineShort}</span>
        </a>
      </main>
      {(view.dialog === 'signIn' || signInFirst) && (
        <AuthDialog
          lang={lang}
          initialMode="signIn"
          onDone={(state) => {
            client.setQueryData(sessionQuery().queryKey, state);
            if (view.dialog === 'signIn') dispatch({ type: 'closeDialog' });
          }}
          onClose={() => dispatch(signInFirst ? { type: 'signedOut' } : { type: 'closeDialog' })}
        />
      )}
      {(view.dialog === 'import' || view.dialog === 'importResources') && official && (
        <ImportDialog
          lang={lang}
          kind={view.dialog === 'import' ? 'indicators' : 'resources'}
          week={levels?.week ?? null}
          onClose={() => dispatch({ type: 'closeDialog' })}
        />
      )}
      {view.dialog === 'newResource' && official && (
        <NewResourceDialog
          lang={lang}
          center={{ lon: view.lon, lat: view.lat }}
          onClose={() => dispatch({ type: 'closeDialog' })}
        />
      )}
      {view.dialog === 'password' && account && (
        <PasswordDialog lang={lang} onClose={() => dispatch({ type: 'closeDialog' })} />
      )}
      {view.dialog === 'admin' && account?.role === 'city_admin' && (
        <AdminPanel
          lang={lang}
          selfId={account.id}
          wards={wardList}
          onClose={() => dispatch({ type: 'closeDialog' })}
        />
      )}
    </div>
  );
}
