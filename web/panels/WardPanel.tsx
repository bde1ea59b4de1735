import { useQuery } from '@tanstack/react-query';
import { type Account, mayActOnWard } from '../account/session.js';
import { formatNumber, type Lang, STRINGS } from '../i18n/strings.js';
import { wardQuery } from '../lib/api-client.js';
import { GroupsSection } from './GroupsSection.js';
import { LevelSection } from './LevelSection.js';
import { WardContact } from './WardContact.js';

/** The selected ward: name, population (and whether it is estimated), area, former district, contacts. */
export function WardPanel({
  code,
  lang,
  account,
  week,
  onClose,
}: {
  code: string;
  lang: Lang;
  account: Account | null;
  /** the week the map shows */
  week: string | null;
  onClose(): void;
}) {
  const t = STRINGS[lang];
  const { data: ward, isError: failed } = useQuery(wardQuery(code));

  return (
    <aside className="panel" aria-live="polite" data-testid="ward-panel">
      <button type="button" className="close" onClick={onClose} aria-label={t.close}>
        ×
      </button>
      {failed && <p>{t.loadError}</p>}
      {ward && ward.code === code && (
        <>
          <h2>{lang === 'vi' ? ward.fullNameVi : ward.fullNameEn}</h2>
          <p className="subtitle">{lang === 'vi' ? ward.fullNameEn : ward.fullNameVi}</p>
          <LevelSection
            key={`${ward.code} ${week}`}
            code={ward.code}
            week={week}
            lang={lang}
            official={mayActOnWard(account, ward)}
          />
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
