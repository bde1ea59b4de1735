import { useQuery } from '@tanstack/react-query';
import { type Account, mayActOnWard } from '../account/session.js';
import { LEVEL_STRINGS } from '../i18n/level-strings.js';
import { formatNumber, type Lang, STRINGS } from '../i18n/strings.js';
import { wardQuery } from '../lib/api-client.js';
import { SheetHandle, type SheetSize } from '../ui/Sheet.js';
import { GroupsSection } from './GroupsSection.js';
import { LevelSection } from './LevelSection.js';
import { WardContact } from './WardContact.js';

/** What the map shows for the ward: the view (current or a week's snapshot) and the ward's level in it, if any. */
export interface WardLevelShown {
  mode: 'latest' | 'week';
  /** the snapshot's week, or the city's newest week */
  week: string | null;
  newestWeek: string | null;
  /** the level drawn (current view: the ward's own latest, with its week); absent: none */
  level?: { level: number; week: string; stale: boolean };
}

/** The selected ward: name, population (and whether it is estimated), area, former district, contacts. */
export function WardPanel({
  code,
  lang,
  account,
  shown,
  sheet,
  onClose,
}: {
  code: string;
  lang: Lang;
  account: Account | null;
  /** undefined while the levels load */
  shown: WardLevelShown | undefined;
  sheet: { size: SheetSize; onSize(size: SheetSize): void };
  onClose(): void;
}) {
  const t = STRINGS[lang];
  const tl = LEVEL_STRINGS[lang];
  // the level explained is the one drawn: the ward's own week in the current view, never the
  // city's newest week (which the ward may not have reported yet)
  const levelWeek = shown?.level ? (shown.mode === 'week' ? shown.week : shown.level.week) : null;
  const { data: ward, isError: failed } = useQuery(wardQuery(code));

  return (
    <aside className={`panel sheet-${sheet.size}`} aria-labelledby="ward-title" data-testid="ward-panel">
      <SheetHandle lang={lang} {...sheet} />
      <button type="button" className="close" onClick={onClose} aria-label={t.close}>
        ×
      </button>
      {failed && <p>{t.loadError}</p>}
      {ward && ward.code === code && (
        <>
          <h2 id="ward-title">{lang === 'vi' ? ward.fullNameVi : ward.fullNameEn}</h2>
          <p className="subtitle">{lang === 'vi' ? ward.fullNameEn : ward.fullNameVi}</p>
          {shown && (
            <LevelSection
              key={`${ward.code} ${shown.mode} ${levelWeek ?? shown.week}`}
              code={ward.code}
              week={levelWeek}
              stale={shown.level?.stale ?? false}
              newestWeek={shown.newestWeek}
              missing={shown.mode === 'week' ? tl.noFiguresThisWeek : tl.noFiguresEver}
              inputWeek={levelWeek ?? shown.week}
              lang={lang}
              official={mayActOnWard(account, ward)}
            />
          )}
          <dl>
            <dt>{t.population}</dt>
            <dd>
              {ward.population == null ? '—' : `${formatNumber(ward.population, lang)} ${t.people}`}
              <small>{ward.populationEstimated ? t.populationEstimated : t.populationCensus}</small>
            </dd>
            <dt>{t.district}</dt>
            <dd>{ward.district ? (lang === 'vi' ? ward.district.nameVi : ward.district.nameEn) : '—'}</dd>
            <dt>{t.area}</dt>
            <dd>{ward.areaKm2 == null ? '—' : `${formatNumber(ward.areaKm2, lang, 2)} km²`}</dd>
            <dt>{t.density}</dt>
            <dd>{ward.densityPerKm2 == null ? '—' : `${formatNumber(ward.densityPerKm2, lang)} ${t.perKm2}`}</dd>
            <dt>{t.code}</dt>
            <dd>{ward.code}</dd>
          </dl>
          <GroupsSection key={ward.code} code={ward.code} lang={lang} official={mayActOnWard(account, ward)} />
          <WardContact key={ward.code} code={ward.code} lang={lang} editable={mayActOnWard(account, ward)} />
        </>
      )}
    </aside>
  );
}
