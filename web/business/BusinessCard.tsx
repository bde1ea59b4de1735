import { useQuery } from '@tanstack/react-query';
import { SECTOR_LABELS } from '../../domain/rules/assessment/labels.js';
import { BUSINESS_STRINGS, hanoiDate } from '../i18n/business-strings.js';
import { type Lang, STRINGS } from '../i18n/strings.js';
import { businessQuery } from '../lib/businesses.js';
import { formatFixed } from '../lib/format.js';
import { ClassBadge } from './ClassBadge.js';

/** The public card of premises on the safety map: what anyone may see of its self-assessment. */
export function BusinessCard({ id, lang, onClose }: { id: string; lang: Lang; onClose(): void }) {
  const t = BUSINESS_STRINGS[lang];
  const { data: b, isError: failed } = useQuery(businessQuery(id));
  return (
    <aside className="panel" data-testid="business-card">
      <button type="button" className="close" onClick={onClose} aria-label={STRINGS[lang].close}>
        ×
      </button>
      {failed && <p>{STRINGS[lang].loadError}</p>}
      {b && (
        <>
          <h2>{b.name}</h2>
          <p className="subtitle">
            {SECTOR_LABELS[b.sector][lang]} · {lang === 'vi' ? b.ward.nameVi : b.ward.nameEn}
          </p>
          <p>
            <ClassBadge lang={lang} riskClass={b.riskClass} status={b.status} />
          </p>
          <dl>
            <dt>{t.index}</dt>
            <dd>{formatFixed(b.riskIndex, lang, 2)}/100</dd>
            <dt>{t.submittedAt}</dt>
            <dd>{hanoiDate(b.submittedAt, lang)}</dd>
            <dt>{t.validUntil}</dt>
            <dd>{hanoiDate(b.validUntil, lang)}</dd>
            <dt>{t.address}</dt>
            <dd>{b.address}</dd>
          </dl>
          <p>
            <a href={`/verify/${b.certificateCode}`} target="_blank" rel="noreferrer">
              {t.verify} ({b.certificateCode})
            </a>
          </p>
        </>
      )}
    </aside>
  );
}
