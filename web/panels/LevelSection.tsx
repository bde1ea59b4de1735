import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { LEVEL_MEANING, LEVEL_MEANING_SOURCE } from '../../domain/rules/levels/meaning.js';
import { SOURCES, STATUS_WORDS } from '../../domain/rules/sources.js';
import { basisWords, LEVEL_STRINGS } from '../i18n/level-strings.js';
import { formatNumber, type Lang } from '../i18n/strings.js';
import { formatDate } from '../lib/format.js';
import { LEVEL_COLOURS, levelDetailQuery, levelHistoryQuery } from '../lib/levels.js';
import { useRefreshTiles } from '../map/tile-versions.js';
import { IndicatorForm } from './IndicatorForm.js';
import { LevelDecision } from './LevelDecision.js';
import { Sparkline } from './Sparkline.js';

/**
 * A ward's level as the map draws it: its week (and whether that is old), what it means, why,
 * its history, and officials' actions (keyed by ward and week).
 */
export function LevelSection({
  code,
  week,
  stale,
  newestWeek,
  missing,
  inputWeek,
  lang,
  official,
}: {
  code: string;
  /** the week of the level shown; null: the map draws no level for the ward (nothing is asked) */
  week: string | null;
  /** the level is older than the city allows */
  stale: boolean;
  newestWeek: string | null;
  /** what to say without a level ("no figures this week") */
  missing: string;
  /** the week an official enters figures for */
  inputWeek: string | null;
  lang: Lang;
  /** the signed-in official may act on this ward */
  official: boolean;
}) {
  const t = LEVEL_STRINGS[lang];
  const client = useQueryClient();
  const refreshTiles = useRefreshTiles();
  const [editing, setEditing] = useState(false);
  const detailQuery = useQuery({ ...levelDetailQuery(code, week ?? ''), enabled: !!week });
  const history = useQuery(levelHistoryQuery(code)).data ?? [];
  // no week, or it failed: as if there were no level
  const detail = !week || detailQuery.isError ? null : detailQuery.data;
  /** a level changed: this unit, the map's levels and the wards layer */
  const changed = async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: ['units', code] }),
      client.invalidateQueries({ queryKey: ['levels'] }),
      refreshTiles(),
    ]);
  };

  if (detail === undefined) return null;
  const level = detail?.level as 1 | 2 | 3 | 4 | undefined;
  return (
    <section className="level-section" data-testid="level-section">
      {detail && level ? (
        <>
          <div className="level-badge" style={{ borderColor: LEVEL_COLOURS[level] }}>
            <i style={{ background: LEVEL_COLOURS[level] }}>{level}</i>
            <div>
              <strong data-testid="level-week">
                {t.level(level)} · {t.weekWord} {detail.week}
                {stale && <span className="stale-chip"> · {t.oldFigures}</span>}
              </strong>
              <small>
                {LEVEL_MEANING[level].name[lang]}
                {detail.casesPer100k != null && ` · ${formatNumber(detail.casesPer100k, lang, 1)} ${t.casesPer100k}`}
              </small>
            </div>
          </div>
          {stale && newestWeek && <p className="stale-note">{t.staleNote(newestWeek)}</p>}
          <p className={detail.confirmed ? 'status confirmed' : 'status advisory'} data-testid="level-status">
            {detail.decision === 'override'
              ? t.overridden(detail.computedLevel)
              : detail.confirmed
                ? t.confirmed
                : t.advisory}
            {detail.decisionReason && <small className="block">“{detail.decisionReason}”</small>}
          </p>
          {detail.demo && <p className="demo-note">{t.demo}</p>}
          <h3>{t.meaning}</h3>
          <p>{LEVEL_MEANING[level].daily[lang]}</p>
          {/* the decisions are cited in Vietnamese, their language, marked so in the English page */}
          <small className="muted" lang={lang === 'vi' ? undefined : 'vi'}>
            {LEVEL_MEANING_SOURCE}
          </small>
        </>
      ) : (
        <p className="muted no-figures" data-testid="no-figures">
          {missing}
        </p>
      )}
      {history.length > 0 && (
        <>
          <h3>{t.history}</h3>
          <Sparkline history={history} week={week} label={t.history} />
        </>
      )}
      {detail && (
        <details className="explanation" data-testid="explanation">
          <summary>{t.why}</summary>
          <p>
            {t.ruleSet}: <strong>{lang === 'vi' ? detail.ruleSetInfo.nameVi : detail.ruleSetInfo.nameEn}</strong>
            <small className="block muted" lang={lang === 'vi' ? undefined : 'vi'}>
              {detail.ruleSetInfo.source}
            </small>
          </p>
          <ol>
            {detail.explanation.map((c) => (
              <li key={c.id}>
                <span>{c.label[lang]}</span>{' '}
                <strong>
                  {c.value == null
                    ? '—'
                    : typeof c.value === 'boolean'
                      ? c.value
                        ? t.yes
                        : t.no
                      : formatNumber(c.value, lang, 2)}
                  {c.unit === '%' ? '%' : ''}
                </strong>{' '}
                <span className="outcome">{c.outcome[lang]}</span>
                <small className="block">
                  → {c.effect[lang]}
                  {!c.verified && <em className="unverified"> ({t.unverified})</em>}
                </small>
                {c.basis.length > 0 && (
                  <ul className="basis" aria-label={t.basis}>
                    {c.basis.map((b) => (
                      <li key={b.value}>
                        <b>{basisWords(b.value, lang)}</b>:{' '}
                        <span className={`basis-status basis-${b.status}`}>{STATUS_WORDS[b.status][lang]}</span>
                        {b.sources.map((id) => {
                          const source = SOURCES[id as keyof typeof SOURCES] as
                            | (typeof SOURCES)[keyof typeof SOURCES]
                            | undefined;
                          if (!source) return null;
                          const title = lang === 'en' && 'titleEn' in source ? source.titleEn : source.title;
                          // a source is cited in the language it is written in, marked so for readers and screen readers
                          const titleLang = lang === 'en' && 'titleEn' in source ? 'en' : source.lang;
                          return (
                            <cite key={id} title={title} lang={titleLang === lang ? undefined : titleLang}>
                              {title} — {source.publisher}, {sourceDate(source.date, lang)}
                              {'draft' in source && source.draft ? ` (${t.draft})` : ''}
                            </cite>
                          );
                        })}
                        {b.note && <small className="block muted">{b.note[lang]}</small>}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
      {official && inputWeek && (
        <div className="official-tools">
          {detail && week && <LevelDecision code={code} week={week} lang={lang} detail={detail} onDone={changed} />}
          <button type="button" className="link" onClick={() => setEditing(!editing)} data-testid="enter-indicators">
            {t.enterIndicators} ({inputWeek})
          </button>
          {editing && (
            <IndicatorForm
              code={code}
              week={inputWeek}
              lang={lang}
              initial={detail?.indicators}
              onDone={async () => {
                setEditing(false);
                await changed();
              }}
            />
          )}
        </div>
      )}
    </section>
  );
}

/** A source's date as the reader writes dates: a day `dd/MM/yyyy`, a month alone `MM/yyyy`. */
function sourceDate(date: string, lang: Lang): string {
  const month = /^(\d{4})-(\d{2})$/.exec(date);
  return month ? `${month[2]}/${month[1]}` : formatDate(`${date}T12:00:00+07:00`, lang);
}
