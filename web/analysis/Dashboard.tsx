import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { RESOURCE_TYPES } from '../../data/resources/types.js';
import { ANALYSIS_STRINGS } from '../i18n/analysis-strings.js';
import { problemMessage } from '../i18n/problems.js';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import { type Lang, STRINGS } from '../i18n/strings.js';
import { coverageQuery, emergingQuery, exportHref, hotspotsQuery, sitingQuery, trendQuery } from '../lib/analysis.js';
import { districtsQuery } from '../lib/api-client.js';
import { formatFixed, formatPercent, formatUpTo } from '../lib/format.js';
import { ApiProblem } from '../lib/problem.js';
import { BIN_COLOURS, NO_BIN_COLOUR, NOT_SIGNIFICANT_COLOUR } from '../map/layers/analysis.js';
import { type AnalysisLayers, useAnalysisOverlay } from '../map/MapView.js';
import type { DashboardView, SortKey } from '../state/view-state.js';
import { TrendChart } from './TrendChart.js';

const people = (n: number, lang: Lang) => Math.round(n).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');

/**
 * Leaders' dashboard (officials, limited to their scope by the API): Gi* hotspots of the week with
 * emerging categories, a sortable ward table, the trend of a ward against its district and the
 * city, coverage of a resource type and a siting proposal, each exportable. What it shows (week,
 * tab, ward, sort, parameters) is the view state; every figure comes from a query keyed by it.
 */
export function Dashboard({
  lang,
  view,
  weeks,
  cityWide,
  onChange,
  onClose,
}: {
  lang: Lang;
  view: DashboardView;
  /** weeks with levels, newest first */
  weeks: string[];
  /** a city admin: may narrow the scope to one former district */
  cityWide: boolean;
  onChange(patch: Partial<Omit<DashboardView, 'kind'>>): void;
  onClose(): void;
}) {
  const t = ANALYSIS_STRINGS[lang];
  const { fdr, tab, type, maxM } = view;
  const district = cityWide ? view.district : undefined;
  // the week shown: the one chosen, else the newest; its predecessor (if any) for the change column
  const week = view.week ?? weeks[0];
  const index = week ? weeks.indexOf(week) : -1;
  const before = index >= 0 ? weeks[index + 1] : undefined;
  /** Why coverage or siting has no answer, in the reader's language. */
  const analysisProblem = (error: Error, of: 'coverage' | 'siting') => {
    const problem = error instanceof ApiProblem ? error : new ApiProblem(0, error.message);
    if (problem.type.endsWith('/analysis-scope-too-large')) return t.scopeTooLarge;
    if (problem.type.endsWith('/analysis-over-budget')) return of === 'coverage' ? t.coverageOverBudget : t.overBudget;
    return problemMessage(problem, lang);
  };
  // what is typed before asking for a proposal (the proposal asked for is in the view)
  const [k, setK] = useState(view.siting?.k ?? 10);
  const [radiusM, setRadiusM] = useState(view.siting?.radiusM ?? 1000);

  const districts = useQuery({ ...districtsQuery(), enabled: cityWide }).data ?? [];
  const hot = useQuery({ ...hotspotsQuery(week ?? '', fdr, district), enabled: !!week }).data;
  const previousWeek = useQuery({ ...hotspotsQuery(before ?? '', false, district), enabled: !!before }).data;
  const emerging = useQuery({ ...emergingQuery(week ?? '', district), enabled: !!week }).data;
  const trend = useQuery({ ...trendQuery(view.ward ?? ''), enabled: !!view.ward }).data;
  const coverageAnswer = useQuery({ ...coverageQuery(type, maxM, district), enabled: tab === 'coverage' });
  const coverage = coverageAnswer.data;
  const siting = useQuery({
    ...sitingQuery(type, view.siting?.k ?? 0, view.siting?.radiusM ?? 0, district),
    enabled: tab === 'coverage' && !!view.siting,
  });
  const plan = view.siting ? siting.data : undefined;

  const layers = useMemo((): AnalysisLayers | undefined => {
    if (!hot) return undefined;
    return {
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
    };
  }, [hot, tab, coverage, plan]);
  useAnalysisOverlay(layers);

  const category = useMemo(() => new Map(emerging?.wards.map((w) => [w.code, w.category])), [emerging]);
  const rows = useMemo(() => {
    // no earlier week: no change to show
    const previous = new Map(before ? previousWeek?.wards.map((w) => [w.code, w.incidence]) : []);
    const list = (hot?.wards ?? []).map((w) => {
      const was = previous.get(w.code);
      return { ...w, change: was == null || w.incidence == null ? null : w.incidence - was };
    });
    const value = (r: (typeof list)[number]) =>
      view.sort === 'change' ? (r.change ?? -Infinity) : (r[view.sort] ?? -Infinity);
    return list.sort((a, b) => (view.desc ? value(b) - value(a) : value(a) - value(b)));
  }, [hot, before, previousWeek, view.sort, view.desc]);
  /** a ward's swatch: its bin's colour, the not-significant colour, or no-data grey without a result */
  const binColour = (bin: number | null) =>
    bin === null ? NO_BIN_COLOUR : (BIN_COLOURS[bin] ?? NOT_SIGNIFICANT_COLOUR);
  const header = (key: SortKey, label: string) => (
    <th aria-sort={view.sort === key ? (view.desc ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="link"
        onClick={() => onChange({ sort: key, desc: view.sort === key ? !view.desc : true })}
        data-testid={`sort-${key}`}
      >
        {label}
        {view.sort === key ? (view.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
  const pickedName = hot?.wards.find((w) => w.code === view.ward)?.name ?? '';
  const exportLinks = (name: 'hotspots' | 'coverage' | 'siting', params: Record<string, string | number | boolean>) =>
    (['csv', 'geojson'] as const).map((format, i) => (
      <span key={format}>
        {i > 0 && ' · '}
        <a href={exportHref(name, format, { ...params, district })} download>
          {format.toUpperCase()}
        </a>
      </span>
    ));

  return (
    <aside className="panel dashboard" data-testid="dashboard">
      <button type="button" className="close" onClick={onClose} aria-label={STRINGS[lang].close}>
        ×
      </button>
      <h2>{t.title}</h2>
      <p className="subtitle">
        {t.scope}: <b data-testid="dashboard-scope">{hot?.scope ?? '…'}</b> · {t.week}{' '}
        <b data-testid="dashboard-shown-week">{hot?.week ?? '…'}</b>
        {hot?.demo && <span className="demo-chip"> · {t.demo}</span>}
        {hot && ` · ${hot.ruleSets.map((r) => `QĐ ${r}`).join(', ')}`}
      </p>
      <div className="filters">
        {cityWide && (
          <label>
            {t.scope}{' '}
            <select
              value={district ?? ''}
              onChange={(e) => onChange({ district: e.target.value || undefined, siting: undefined })}
              data-testid="dashboard-district"
            >
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
          <select value={week ?? ''} onChange={(e) => onChange({ week: e.target.value })} data-testid="dashboard-week">
            {weeks.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={fdr} onChange={(e) => onChange({ fdr: e.target.checked })} /> {t.fdr}
        </label>
      </div>
      <div className="tabs" role="tablist">
        {(['hotspots', 'coverage'] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => onChange({ tab: id })}
            data-testid={`tab-${id}`}
          >
            {id === 'hotspots' ? t.tabHotspots : t.tabCoverage}
          </button>
        ))}
      </div>
      {hot?.incomplete ? (
        <p className="figures-warning" role="alert" data-testid="figures-warning">
          {t.incomplete(hot.wardsUsed, hot.wardsInCity, hot.week, Math.round(hot.minShare * 100))}
        </p>
      ) : (
        hot &&
        hot.wardsUsed < hot.wardsInCity && (
          <p className="figures-note" data-testid="figures-note">
            {t.partial(hot.wardsUsed, hot.wardsInCity)}
          </p>
        )
      )}
      {emerging && emerging.withheldWeeks.length > 0 && !hot?.incomplete && (
        <p className="figures-note" data-testid="withheld-weeks">
          {t.withheld(emerging.withheldWeeks.join(', '))}
        </p>
      )}
      {tab === 'hotspots' && (
        <>
          <ul className="bin-legend">
            {[3, 2, 1, 0, -1, -2, -3, null].map((b) => (
              <li key={b ?? 'none'}>
                <i style={{ background: binColour(b) }} /> {b === null ? t.noFiguresBin : t.bins[b]} (
                {hot?.wards.filter((w) => w.bin === b).length ?? 0})
              </li>
            ))}
          </ul>
          {view.ward && trend ? (
            <figure>
              <figcaption>{t.trendTitle(pickedName)}</figcaption>
              <TrendChart trend={trend} labels={t.series} />
            </figure>
          ) : (
            <p className="muted">{t.pickWard}</p>
          )}
          <p className="exports">
            {t.export}: {exportLinks('hotspots', { week: week ?? '', fdr })}
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
                <tr
                  key={r.code}
                  className={r.code === view.ward ? 'picked' : undefined}
                  onClick={() => onChange({ ward: r.code })}
                >
                  <td>{r.name}</td>
                  <td>{r.level ?? '—'}</td>
                  <td>
                    {r.incidence == null ? (
                      <span className="no-figures">{t.noFigures}</span>
                    ) : (
                      formatFixed(r.incidence, lang, 1)
                    )}
                  </td>
                  <td>{r.change == null ? '—' : `${r.change > 0 ? '+' : ''}${formatFixed(r.change, lang, 1)}`}</td>
                  <td data-testid="ward-bin" data-bin={r.bin ?? 'none'}>
                    <i className="bin-swatch" style={{ background: binColour(r.bin) }} />{' '}
                    {/* no z: said once, in the incidence column or the warning above */}
                    {r.z == null ? <span title={t.noFigures}>—</span> : formatFixed(r.z, lang, 2)}
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
              <select
                value={type}
                onChange={(e) =>
                  onChange({ type: RESOURCE_TYPES.find((rt) => rt === e.target.value) ?? type, siting: undefined })
                }
              >
                {RESOURCE_TYPES.map((rt) => (
                  <option key={rt} value={rt}>
                    {RESOURCE_STRINGS[lang].types[rt]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t.distance}{' '}
              <select value={maxM} onChange={(e) => onChange({ maxM: Number(e.target.value), siting: undefined })}>
                {[500, 1000, 2000, 3000].map((m) => (
                  <option key={m} value={m}>
                    {formatUpTo(m, lang)} m
                  </option>
                ))}
              </select>
            </label>
          </div>
          {coverage ? (
            <p data-testid="coverage-summary">
              <b>{t.beyond(people(coverage.beyond, lang), formatPercent(coverage.shareBeyond, lang), maxM)}</b>
              <br />
              <small className="muted">{t.method}</small>
            </p>
          ) : coverageAnswer.error ? (
            <p className="figures-warning" role="alert" data-testid="coverage-problem">
              {analysisProblem(coverageAnswer.error, 'coverage')}
            </p>
          ) : (
            <p className="muted">{t.loading}</p>
          )}
          <p className="exports">
            {t.export}: {exportLinks('coverage', { type, maxM })}
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
              disabled={siting.isFetching}
              data-testid="propose"
              onClick={() => onChange({ siting: { k, radiusM } })}
            >
              {siting.isFetching ? t.loading : t.propose}
            </button>
          </div>
          {view.siting && siting.error && !siting.isFetching && (
            <p className="figures-warning" role="alert" data-testid="siting-problem">
              {analysisProblem(siting.error, 'siting')}
            </p>
          )}
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
                {t.export}:{' '}
                {exportLinks('siting', { type, k: view.siting?.k ?? k, radiusM: view.siting?.radiusM ?? radiusM })}
              </p>
            </div>
          )}
        </>
      )}
    </aside>
  );
}
