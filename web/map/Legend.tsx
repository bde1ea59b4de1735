import { useState } from 'react';
import { LEVEL_COLOURS } from '../../domain/rules/colours.js';
import { LEVEL_MEANING } from '../../domain/rules/levels/meaning.js';
import { LEVEL_STRINGS } from '../i18n/level-strings.js';
import { type Lang, STRINGS } from '../i18n/strings.js';

/** What the map draws, counted: wards per level, how many of those are stale, how many have no figures. */
export interface LegendCounts {
  levels: Record<number, number>;
  /** current view: wards whose latest level is older than `staleBefore` (also counted in `levels`) */
  stale: number;
  /** wards drawn without a level (a chosen week: no figures that week; the current view: none ever) */
  noFigures: number;
}

/**
 * The level legend (colour, number and how many wards are drawn so), the stale and no-figures
 * wards when there are any, and the week picker: the current view (each ward's own latest week)
 * or one week's snapshot.
 */
export function Legend({
  lang,
  mode,
  week,
  staleBefore,
  weeks,
  counts,
  onWeek,
}: {
  lang: Lang;
  /** latest: each ward's own latest level; week: the snapshot of `week` */
  mode: 'latest' | 'week';
  week: string | null;
  staleBefore: string | null;
  weeks: string[];
  counts: LegendCounts;
  /** undefined: the current view */
  onWeek(week: string | undefined): void;
}) {
  const t = LEVEL_STRINGS[lang];
  const s = STRINGS[lang];
  // on a phone the legend starts folded to one line; on a desktop it is always open
  const [open, setOpen] = useState(false);
  // the picker's position: -1 is the current view, before the newest week
  const index = mode === 'week' && week ? weeks.indexOf(week) : -1;
  const step = (i: number) => onWeek(i < 0 ? undefined : weeks[i]);
  return (
    <section className={open ? 'legend open' : 'legend'} aria-label={t.legendTitle} data-testid="legend">
      <button
        type="button"
        className="legend-toggle"
        aria-expanded={open}
        aria-controls="legend-body"
        onClick={() => setOpen(!open)}
        data-testid="legend-toggle"
      >
        <span className="legend-chips" aria-hidden="true">
          {([1, 2, 3, 4] as const).map((n) => (
            <span key={n}>
              <i style={{ background: LEVEL_COLOURS[n] }}>{n}</i>
              {counts.levels[n] ?? 0}
            </span>
          ))}
        </span>
        <span className="visually-hidden">{open ? s.legendClose : s.legendOpen}</span>
        <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <div id="legend-body" className="legend-body">
        <div className="legend-levels">
          {([1, 2, 3, 4] as const).map((n) => (
            <span key={n} className="legend-item">
              <i style={{ background: LEVEL_COLOURS[n] }}>{n}</i>
              <span className="legend-name">
                {t.level(n)} · {LEVEL_MEANING[n].name[lang]}
              </span>
              <small data-testid="legend-count" data-count={counts.levels[n] ?? 0}>
                {counts.levels[n] ?? 0}
              </small>
            </span>
          ))}
        </div>
        {(counts.stale > 0 || counts.noFigures > 0) && (
          <div className="legend-extra">
            {counts.stale > 0 && staleBefore && (
              <span className="legend-item" data-testid="legend-stale" data-count={counts.stale}>
                <i className="swatch-stale" aria-hidden="true" />
                <span>{t.staleLegend(staleBefore)}</span>
                <small>{counts.stale}</small>
              </span>
            )}
            {counts.noFigures > 0 && (
              <span className="legend-item" data-testid="legend-no-figures" data-count={counts.noFigures}>
                <i className="swatch-no-figures" aria-hidden="true" />
                <span>{mode === 'week' ? t.noFiguresThisWeek : t.noFiguresEver}</span>
                <small>{counts.noFigures}</small>
              </span>
            )}
          </div>
        )}
        {/* there before the weeks have loaded (its buttons disabled), so the legend does not grow then */}
        <div className="week-picker">
          <button
            type="button"
            aria-label={s.olderWeek}
            disabled={index >= weeks.length - 1}
            onClick={() => step(index + 1)}
          >
            ‹
          </button>
          <label>
            <span className="visually-hidden">{t.week}</span>
            <select
              value={index < 0 ? '' : weeks[index]}
              onChange={(e) => onWeek(e.target.value || undefined)}
              title={index < 0 ? t.currentHint : undefined}
              data-testid="week"
            >
              <option value="" title={t.currentHint}>
                {t.current}
              </option>
              {weeks.map((w, i) => (
                <option key={w} value={w}>
                  {t.week} {w}
                  {i === 0 ? ` (${t.latest})` : ''}
                </option>
              ))}
            </select>
          </label>
          <button type="button" aria-label={s.newerWeek} disabled={index < 0} onClick={() => step(index - 1)}>
            ›
          </button>
        </div>
      </div>
    </section>
  );
}
