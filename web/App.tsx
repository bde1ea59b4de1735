import { useCallback, useEffect, useMemo, useState } from 'react';
import { AccountMenu } from './account/AccountMenu.js';
import { AuthDialog } from './account/AuthDialog.js';
import { PasswordDialog } from './account/PasswordDialog.js';
import { type Account, fetchSession, mayActOnWard, signOut } from './account/session.js';
import { AdminPanel } from './admin/AdminPanel.js';
import { ImportDialog } from './admin/ImportDialog.js';
import { NewResourceDialog } from './admin/NewResourceDialog.js';
import { type AnalysisLayers, Dashboard } from './analysis/Dashboard.js';
import { BusinessCard } from './business/BusinessCard.js';
import { MyPremisesPanel } from './business/MyPremisesPanel.js';
import { OfficialPremisesPanel } from './business/OfficialPremisesPanel.js';
import { LEVEL_STRINGS } from './i18n/level-strings.js';
import { RESOURCE_STRINGS } from './i18n/resource-strings.js';
import { type Lang, STRINGS } from './i18n/strings.js';
import { fetchWards, type WardSummary } from './lib/api-client.js';
import { fetchLevels, type LevelsOfWeek } from './lib/levels.js';
import type { Nearby } from './lib/resources.js';
import { readViewState, writeViewState } from './lib/url-state.js';
import { Legend } from './map/Legend.js';
import { flyToWard, MapView } from './map/MapView.js';
import { refreshTiles } from './map/tile-versions.js';
import { NearMe, type Origin } from './near/NearMe.js';
import type { GroupsCollection } from './panels/GroupsSection.js';
import { SearchBox } from './panels/SearchBox.js';
import { WardPanel } from './panels/WardPanel.js';

export function App() {
  const initial = useMemo(() => readViewState(location.search), []);
  const [lang, setLang] = useState<Lang>(initial.lang);
  const [selected, setSelected] = useState<string | undefined>(initial.ward);
  const [wards, setWards] = useState<WardSummary[]>([]);
  const [error, setError] = useState<string>();
  const [view, setView] = useState({ lon: initial.lon, lat: initial.lat, zoom: initial.zoom });
  const [account, setAccount] = useState<Account | null>(null);
  const [dialog, setDialog] = useState<
    'signIn' | 'password' | 'admin' | 'import' | 'importResources' | 'newResource'
  >();
  const [week, setWeek] = useState<string | undefined>(initial.week);
  const [levels, setLevels] = useState<LevelsOfWeek>();
  const [groups, setGroups] = useState<GroupsCollection>();
  const [near, setNear] = useState<{ status: 'locating' | 'denied' | 'pick' | 'ready'; origin?: Origin }>();
  const [highlight, setHighlight] = useState<string>();
  /** the business side panel (own premises, or officials' list) replaces the ward panel while open */
  const [side, setSide] = useState<'premises' | 'analysis'>();
  const [analysis, setAnalysis] = useState<AnalysisLayers>();
  const [business, setBusiness] = useState<string>();
  const [picking, setPicking] = useState(false);
  const [picked, setPicked] = useState<{ lon: number; lat: number }>();
  const t = STRINGS[lang];
  const tl = LEVEL_STRINGS[lang];

  const loadLevels = useCallback(() => {
    fetchLevels(week).then(setLevels, () => setLevels(undefined));
  }, [week]);
  useEffect(loadLevels, [loadLevels]);
  const levelByWard = useMemo(
    () => (levels ? new Map(levels.levels.map((l) => [l.code, l.level])) : undefined),
    [levels],
  );
  const counts = useMemo(() => {
    const c: Record<number, number> = {};
    for (const l of levels?.levels ?? []) c[l.level] = (c[l.level] ?? 0) + 1;
    return c;
  }, [levels]);
  const levelText = useCallback((n: number) => tl.level(n), [tl]);

  useEffect(() => {
    fetchWards().then(setWards, () => setError('loadError'));
    fetchSession().then(
      (s) => setAccount(s.account),
      () => {},
    );
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t.appTitle} · safemap`;
  }, [lang, t]);
  useEffect(() => {
    history.replaceState(null, '', writeViewState({ ...view, ward: selected, week, lang }));
  }, [view, selected, week, lang]);

  const select = useCallback(
    (ward: WardSummary) => {
      if (near)
        setNear({
          status: 'ready',
          origin: { kind: 'ward', ward: ward.code, name: lang === 'vi' ? ward.fullNameVi : ward.fullNameEn },
        });
      else setSelected(ward.code);
      flyToWard(ward);
    },
    [near, lang],
  );

  const openNear = useCallback(() => {
    setSelected(undefined);
    setNear({ status: 'locating' });
    if (!navigator.geolocation) return setNear({ status: 'denied' });
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const origin = { kind: 'you' as const, lon: pos.coords.longitude, lat: pos.coords.latitude };
        setNear({ status: 'ready', origin });
        window.__safemap?.map.flyTo({ center: [origin.lon, origin.lat], zoom: 15 });
      },
      () => setNear({ status: 'denied' }),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  }, []);
  const showResource = useCallback((r: Nearby | undefined, all: Nearby[]) => {
    setHighlight(r?.id);
    const map = window.__safemap?.map;
    if (!map) return;
    if (r) map.flyTo({ center: [r.lon, r.lat], zoom: Math.max(map.getZoom(), 15) });
    else if (all.length > 0) {
      const lons = all.map((x) => x.lon);
      const lats = all.map((x) => x.lat);
      map.fitBounds(
        [
          [Math.min(...lons), Math.min(...lats)],
          [Math.max(...lons), Math.max(...lats)],
        ],
        {
          padding: {
            top: 80,
            bottom: innerWidth <= 640 ? innerHeight * 0.5 : 60,
            left: innerWidth <= 640 ? 40 : 380,
            right: 60,
          },
          maxZoom: 16,
        },
      );
    }
  }, []);
  const originPoint =
    picking && picked
      ? ([picked.lon, picked.lat] as [number, number])
      : near?.origin && near.origin.kind !== 'ward'
        ? ([near.origin.lon, near.origin.lat] as [number, number])
        : undefined;
  const onPicking = useCallback((on: boolean) => {
    setPicking(on);
    if (!on) setPicked(undefined);
  }, []);
  const showBusiness = useCallback((id: string, at?: { lon: number; lat: number }) => {
    setSelected(undefined);
    setNear(undefined);
    setBusiness(id);
    if (at) window.__safemap?.map.flyTo({ center: [at.lon, at.lat], zoom: 16 });
  }, []);

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="title">
          <span className="title-long">{t.appTitle}</span>
          <span className="title-short">{t.appShort}</span>
        </h1>
        <SearchBox
          lang={lang}
          onPick={select}
          onPickResource={(r) => {
            // a place found by name: the nearest list from it, the place itself first and ringed
            setSelected(undefined);
            setNear({ status: 'ready', origin: { kind: 'point', lon: r.lon, lat: r.lat } });
            setHighlight(r.id);
            window.__safemap?.map.flyTo({ center: [r.lon, r.lat], zoom: 16 });
          }}
          onPickBusiness={(b) => {
            setSide(undefined);
            showBusiness(b.premisesId, b);
          }}
        />
        <button type="button" className="lang" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
          {t.switchLang}
        </button>
        <AccountMenu
          lang={lang}
          account={account}
          onSignIn={() => setDialog('signIn')}
          onSignOut={() => signOut().then(() => setAccount(null))}
          onChangePassword={() => setDialog('password')}
          onAdmin={() => setDialog('admin')}
          onImport={() => setDialog('import')}
          onImportResources={() => setDialog('importResources')}
          onNewResource={() => setDialog('newResource')}
          onPremises={() => {
            setSelected(undefined);
            setNear(undefined);
            setBusiness(undefined);
            setSide('premises');
          }}
          onAnalysis={() => {
            setSelected(undefined);
            setNear(undefined);
            setBusiness(undefined);
            setSide('analysis');
          }}
        />
      </header>
      <main className="main">
        <MapView
          initial={initial}
          wards={wards}
          levels={levelByWard}
          levelText={levelText}
          groups={groups}
          highlight={highlight}
          origin={originPoint}
          selected={selected}
          analysis={side === 'analysis' ? analysis : undefined}
          onMapClick={({ code, business: hit, lon, lat }) => {
            // registering premises: a tap places them; with the nearest list open, it chooses
            // where to search from; on published premises, it opens their card
            if (picking) setPicked({ lon, lat });
            else if (near) setNear({ status: 'ready', origin: { kind: 'point', lon, lat } });
            else if (side) return;
            else if (hit) showBusiness(hit);
            else {
              setBusiness(undefined);
              setSelected(code);
            }
          }}
          onMove={setView}
        />
        <Legend
          lang={lang}
          week={levels?.week ?? null}
          weeks={levels?.weeks ?? []}
          counts={counts}
          onWeek={(w) => setWeek(w === levels?.weeks[0] ? undefined : w)}
        />
        {levels?.demo && (
          <p className="demo-banner" data-testid="demo-banner">
            {tl.demo}
          </p>
        )}
        {near && (
          <NearMe
            lang={lang}
            origin={near.origin}
            status={near.status}
            mayEdit={(wardCode) => {
              const ward = wards.find((w) => w.code === wardCode);
              return !!ward && mayActOnWard(account, ward);
            }}
            onShow={showResource}
            onClose={() => {
              setNear(undefined);
              setHighlight(undefined);
            }}
          />
        )}
        <button type="button" className="near-button" onClick={openNear} data-testid="near-me">
          ◎ {RESOURCE_STRINGS[lang].nearMe}
        </button>
        {side === 'premises' && account?.role === 'business' && (
          <MyPremisesPanel
            lang={lang}
            picked={picked}
            onPicking={onPicking}
            onPublished={() => refreshTiles()}
            onClose={() => setSide(undefined)}
          />
        )}
        {side === 'premises' && account && account.role !== 'business' && (
          <OfficialPremisesPanel
            lang={lang}
            onShow={(p) => window.__safemap?.map.flyTo({ center: [p.lon, p.lat], zoom: 16 })}
            onClose={() => setSide(undefined)}
          />
        )}
        {side === 'analysis' && account && account.role !== 'business' && (
          <Dashboard
            lang={lang}
            weeks={levels?.weeks ?? []}
            cityWide={account.role === 'city_admin'}
            onLayers={setAnalysis}
            onClose={() => setSide(undefined)}
          />
        )}
        {business && !side && !near && (
          <BusinessCard id={business} lang={lang} onClose={() => setBusiness(undefined)} />
        )}
        {selected && !near && !side && !business && (
          <WardPanel
            code={selected}
            lang={lang}
            account={account}
            week={levels?.week ?? null}
            onLevelsChanged={loadLevels}
            onGroups={setGroups}
            onClose={() => setSelected(undefined)}
          />
        )}
        {error && <p className="banner">{t[error as 'loadError']}</p>}
        {!error && wards.length === 0 && <p className="banner muted">{t.noData}</p>}
        <a className="hotline" href="tel:1022">
          {t.hotline}
        </a>
      </main>
      {dialog === 'signIn' && (
        <AuthDialog
          lang={lang}
          initialMode="signIn"
          onDone={(a) => {
            setAccount(a);
            setDialog(undefined);
          }}
          onClose={() => setDialog(undefined)}
        />
      )}
      {(dialog === 'import' || dialog === 'importResources') && account && account.role !== 'business' && (
        <ImportDialog
          lang={lang}
          kind={dialog === 'import' ? 'indicators' : 'resources'}
          week={levels?.week ?? null}
          onImported={loadLevels}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog === 'newResource' && account && account.role !== 'business' && (
        <NewResourceDialog
          lang={lang}
          center={{ lon: view.lon, lat: view.lat }}
          onCreated={() => refreshTiles()}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog === 'password' && <PasswordDialog lang={lang} onClose={() => setDialog(undefined)} />}
      {dialog === 'admin' && account?.role === 'city_admin' && (
        <AdminPanel lang={lang} selfId={account.id} wards={wards} onClose={() => setDialog(undefined)} />
      )}
    </div>
  );
}
