import { LEVEL_COLOURS } from '../../data/rules/colours.js';
import { LEVEL_MEANING } from '../../data/rules/levels/meaning.js';
import { LEVEL_STRINGS } from '../i18n/level-strings.js';
import type { Lang } from '../i18n/strings.js';

/** The level legend (colour and number), the week shown and, for demo data, a plain warning. */
export function Legend({
  lang,
  week,
  weeks,
  counts,
  onWeek,
}: {
  lang: Lang;
  week: string | null;
  weeks: string[];
  /** wards per level in the week shown */
  counts: Record<number, number>;
  onWeek(week: string): void;
}) {
  const t = LEVEL_STRINGS[lang];
  const index = week ? weeks.indexOf(week) : -1;
  return (
    <section className="legend" aria-label={t.legendTitle} data-testid="legend">
      <div className="legend-levels">
        {([1, 2, 3, 4] as const).map((n) => (
          <span key={n} className="legend-item" title={LEVEL_MEANING[n].name[lang]}>
            <i style={{ background: LEVEL_COLOURS[n] }}>{n}</i>
            <span className="legend-name">{LEVEL_MEANING[n].name[lang]}</span>
            <small>{counts[n] ?? 0}</small>
          </span>
        ))}
      </div>
      {weeks.length > 0 && week && (
        <div className="week-picker">
          <button
            type="button"
            aria-label="‹"
            disabled={index >= weeks.length - 1}
            onClick={() => onWeek(weeks[index + 1])}
          >
            ‹
          </button>
          <label>
            <span className="visually-hidden">{t.week}</span>
            <select value={week} onChange={(e) => onWeek(e.target.value)} data-testid="week">
              {weeks.map((w, i) => (
                <option key={w} value={w}>
                  {t.week} {w}
                  {i === 0 ? ` (${t.latest})` : ''}
                </option>
              ))}
            </select>
          </label>
          <button type="button" aria-label="›" disabled={index <= 0} onClick={() => onWeek(weeks[index - 1])}>
            ›
          </button>
        </div>
      )}
    </section>
  );
}
