import { useEffect, useMemo, useState } from 'react';
import { RESOURCE_TYPES } from '../../data/resources/types.js';
import { ANALYSIS_STRINGS } from '../i18n/analysis-strings.js';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import { type Lang, STRINGS } from '../i18n/strings.js';
import {
  type Coverage,
  type Emerging,
  fetchCoverage,
  fetchEmerging,
  fetchHotspots,
  fetchSiting,
  fetchTrend,
  type Hotspots,
  type SitingPlan,
  type Trend,
} from '../lib/analysis.js';
import { api } from '../lib/api-client.js';
import { BIN_COLOURS } from '../map/layers/analysis.js';
import { TrendChart } from './TrendChart.js';

/** What the dashboard draws on the map: hot/cold bins per ward, uncovered cells, proposed sites. */
export interface AnalysisLayers {
  bins: Map<string, number>;
  cells?: GeoJSON.FeatureCollection;
  sites?: GeoJSON.FeatureCollection;
}

type SortKey = 'level' | 'incidence' | 'change' | 'z';

const people = (n: number, lang: Lang) => Math.round(n).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');

/**
 * Leaders' dashboard (officials, limited to their scope by the API): Gi* hotspots of the week with
 * emerging categories, a sortable ward table, the trend of a ward against its district and the
 * city, coverage of a resource type and a siting proposal, each exportable.
 */
export function Dashboard({
  lang,
  weeks,
  cityWide,
  onLayers,
  onClose,
}: {
  lang: Lang;
  /** a city admin: may narrow the scope to one former district */
  cityWide: boolean;
  /** weeks with levels, newest first */
  weeks: string[];
  onLayers(layers: AnalysisLayers | undefined): void;
  onClose(): void;
}) {
  const t = ANALYSIS_STRINGS[lang];
  const [week, setWeek] = useState<string | undefined>(weeks[0]);
  const [fdr, setFdr] = useState(false);
  const [tab, setTab] = useState<'hotspots' | 'coverage'>('hotspots');
  const [hot, setHot] = useState<Hotspots>();
  const [previous, setPrevious] = useState<Map<string, number>>(new Map());
  const [emerging, setEmerging] = useState<Emerging>();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'z', desc: true });
  const [picked, setPicked] = useState<string>();
  const [trend, setTrend] = useState<Trend>();
  const [type, setType] = useState<string>('mobile_station');
  const [maxM, setMaxM] = useState(1000);
  const [k, setK] = useState(10);
  const [radiusM, setRadiusM] = useState(1000);
  const [coverage, setCoverage] = useState<Coverage>();
  const [plan, setPlan] = useState<SitingPlan>();
  const [busy, setBusy] = useState(false);
  const [district, setDistrict] = useState('');
  const [districts, setDistricts] = useState<{ code: string; nameVi: string; nameEn: string }[]>([]);
  const scope = useMemo(() => (district ? { district } : {}), [district]);
  useEffect(() => {
    if (cityWide) api.api.districts.$get().then(async (r) => r.ok && setDistricts((await r.json()).districts));
  }, [cityWide]);

  useEffect(() => {
    if (!week && weeks[0]) setWeek(weeks[0]);
  }, [week, weeks]);
  useEffect(() => {
    fetchHotspots(week, fdr, scope).then(setHot, () => setHot(undefined));
    const before = weeks[weeks.indexOf(week ?? '') + 1];
    if (before)
      fetchHotspots(before, false, scope).then(
        (h) => setPrevious(new Map(h.wards.map((w) => [w.code, w.incidence]))),
        () => setPrevious(new Map()),
      );
    fetchEmerging(week, scope).then(setEmerging, () => setEmerging(undefined));
  }, [week, fdr, weeks, scope]);
  useEffect(() => {
    if (picked) fetchTrend(picked).then(setTrend, () => setTrend(undefined));
  }, [picked]);
  useEffect(() => {
    if (tab !== 'coverage') return;
    setPlan(undefined);
    fetchCoverage(type, maxM, scope).then(setCoverage, () => setCoverage(undefined));
  }, [tab, type, maxM, scope]);
  useEffect(() => {
    if (!hot) return onLayers(undefined);
    onLayers({
      bins: new Map(hot.wards.map((w) => [w.code, w.bin])),
      cells: tab === 'coverage' ? coverage?.uncovered : undefined,
      sites:
        tab === 'coverage' && plan
          ? {
              type: 'FeatureCollection',
              features: plan.sites.map((s, i) => ({
                type: 'Feature',
                properties: { rank: i + 1, people: s.newlyCovered },
                geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
              })),
            }
          : undefined,
    });
  }, [hot, tab, coverage, plan, onLayers]);
  useEffect(() => () => onLayers(undefined), [onLayers]);

  const category = useMemo(() => new Map(emerging?.wards.map((w) => [w.code, w.category])), [emerging]);
  const rows = useMemo(() => {
    const list = (hot?.wards ?? []).map((w) => ({
      ...w,
      change: previous.has(w.code) ? w.incidence - (previous.get(w.code) as number) : null,
    }));
    const value = (r: (typeof list)[number]) =>
      sort.key === 'change' ? (r.change ?? -Infinity) : (r[sort.key] ?? -Infinity);
    return list.sort((a, b) => (sort.desc ? value(b) - value(a) : value(a) - value(b)));
  }, [hot, previous, sort]);
  const header = (key: SortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="link"
        onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : true })}
        data-testid={`sort-${key}`}
      >
        {label}
        {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
  const pickedName = hot?.wards.find((w) => w.code === picked)?.name ?? '';
  const exportLink = (path: string, format: 'csv' | 'geojson') => (
    <a
      href={`${path}${path.includes('?') ? '&' : '?'}format=${format}${district ? `&district=${district}` : ''}`}
      download
    >
      {format.toUpperCase()}
    </a>
  );

  return (
    <aside className="panel dashboard" data-testid="dashboard">
      <button type="button" className="close" onClick={onClose} aria-label={STRINGS[lang].close}>
        ×
      </button>
      <h2>{t.title}</h2>
      <p className="subtitle">
        {t.scope}: <b data-testid="dashboard-scope">{hot?.scope ?? '…'}</b>
        {hot?.demo && <span className="demo-chip"> · {t.demo}</span>}
        {hot && ` · ${hot.ruleSets.map((r) => `QĐ ${r}`).join(', ')}`}
      </p>
      <div className="filters">
        {cityWide && (
          <label>
            {t.scope}{' '}
            <select value={district} onChange={(e) => setDistrict(e.target.value)} data-testid="dashboard-district">
              <option value="">Hà Nội</option>
              {districts.map((d) => (
                <option key={d.code} value={d.code}>
                  {lang === 'vi' ? d.nameVi : d.nameEn}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t.week}{' '}
          <select value={week} onChange={(e) => setWeek(e.target.value)} data-testid="dashboard-week">
            {weeks.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={fdr} onChange={(e) => setFdr(e.target.checked)} /> {t.fdr}
        </label>
      </div>
      <div className="tabs" role="tablist">
        {(['hotspots', 'coverage'] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => setTab(id)}
            data-testid={`tab-${id}`}
          >
            {id === 'hotspots' ? t.tabHotspots : t.tabCoverage}
          </button>
        ))}
      </div>
      {tab === 'hotspots' && (
        <>
          <ul className="bin-legend">
            {[3, 2, 1, 0, -1, -2, -3].map((b) => (
              <li key={b}>
                <i style={{ background: BIN_COLOURS[b] ?? '#f4f4f2' }} /> {t.bins[b]} (
                {hot?.wards.filter((w) => w.bin === b).length ?? 0})
              </li>
            ))}
          </ul>
          {picked && trend ? (
            <figure>
              <figcaption>{t.trendTitle(pickedName)}</figcaption>
              <TrendChart trend={trend} labels={t.series} />
            </figure>
          ) : (
            <p className="muted">{t.pickWard}</p>
          )}
          <p className="exports">
            {t.export}: {exportLink(`/api/analysis/hotspots?week=${week ?? ''}&fdr=${fdr}`, 'csv')} ·{' '}
            {exportLink(`/api/analysis/hotspots?week=${week ?? ''}&fdr=${fdr}`, 'geojson')}
          </p>
          <table className="ward-table" data-testid="ward-table">
            <thead>
              <tr>
                <th>{t.ward}</th>
                {header('level', t.level)}
                {header('incidence', t.incidence)}
                {header('change', t.change)}
                {header('z', t.gi)}
                <th>{t.emerging}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.code} className={r.code === picked ? 'picked' : undefined} onClick={() => setPicked(r.code)}>
                  <td>{r.name}</td>
                  <td>{r.level ?? '—'}</td>
                  <td>{r.incidence.toFixed(1)}</td>
                  <td>{r.change == null ? '—' : `${r.change > 0 ? '+' : ''}${r.change.toFixed(1)}`}</td>
                  <td>
                    <i className="bin-swatch" style={{ background: BIN_COLOURS[r.bin] ?? '#f4f4f2' }} />{' '}
                    {r.z.toFixed(2)}
                  </td>
                  <td>{t.categories[category.get(r.code) ?? 'none']}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {tab === 'coverage' && (
        <>
          <div className="filters">
            <label>
              {t.type}{' '}
              <select value={type} onChange={(e) => setType(e.target.value)}>
                {RESOURCE_TYPES.map((rt) => (
                  <option key={rt} value={rt}>
                    {RESOURCE_STRINGS[lang].types[rt]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t.distance}{' '}
              <select value={maxM} onChange={(e) => setMaxM(Number(e.target.value))}>
                {[500, 1000, 2000, 3000].map((m) => (
                  <option key={m} value={m}>
                    {m} m
                  </option>
                ))}
              </select>
            </label>
          </div>
          {coverage ? (
            <p data-testid="coverage-summary">
              <b>{t.beyond(people(coverage.beyond, lang), `${(coverage.shareBeyond * 100).toFixed(1)}%`, maxM)}</b>
              <br />
              <small className="muted">{t.method}</small>
            </p>
          ) : (
            <p className="muted">{t.loading}</p>
          )}
          <p className="exports">
            {t.export}: {exportLink(`/api/analysis/coverage?type=${type}&maxM=${maxM}`, 'csv')} ·{' '}
            {exportLink(`/api/analysis/coverage?type=${type}&maxM=${maxM}`, 'geojson')}
          </p>
          <div className="filters">
            <label>
              {t.k} <input type="number" min={1} max={200} value={k} onChange={(e) => setK(Number(e.target.value))} />
            </label>
            <label>
              {t.radius}{' '}
              <input
                type="number"
                min={200}
                max={10000}
                step={100}
                value={radiusM}
                onChange={(e) => setRadiusM(Number(e.target.value))}
              />
            </label>
            <button
              type="button"
              className="primary"
              disabled={busy}
              data-testid="propose"
              onClick={() => {
                setBusy(true);
                fetchSiting(type, k, radiusM, scope)
                  .then(setPlan, () => setPlan(undefined))
                  .finally(() => setBusy(false));
              }}
            >
              {busy ? t.loading : t.propose}
            </button>
          </div>
          {plan && (
            <div data-testid="siting-result">
              <p>{t.proposal(people(plan.covered, lang), people(plan.perWard.covered, lang))}</p>
              <ol className="sites">
                {plan.sites.map((s) => (
                  <li key={s.cell}>
                    {hot?.wards.find((w) => w.code === s.ward)?.name ?? s.ward}: +{people(s.newlyCovered, lang)}
                  </li>
                ))}
              </ol>
              <p className="exports">
                {t.export}: {exportLink(`/api/analysis/siting?type=${type}&k=${k}&radiusM=${radiusM}`, 'csv')} ·{' '}
                {exportLink(`/api/analysis/siting?type=${type}&k=${k}&radiusM=${radiusM}`, 'geojson')}
              </p>
            </div>
          )}
        </>
      )}
    </aside>
  );
}
