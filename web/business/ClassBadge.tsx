import { RISK_CLASS_LABELS } from '../../domain/rules/assessment/labels.js';
import type { RiskClass } from '../../domain/rules/assessment/score.js';
import { RISK_CLASS_COLOURS, riskClassKey } from '../../domain/rules/colours.js';
import { BUSINESS_STRINGS, hanoiDate } from '../i18n/business-strings.js';
import type { Lang } from '../i18n/strings.js';
import type { PremisesItem } from '../lib/businesses.js';

/** The risk class as a coloured pill; grey and marked when the assessment is no longer valid. */
export function ClassBadge({
  lang,
  riskClass,
  status,
}: {
  lang: Lang;
  riskClass: RiskClass;
  status: 'valid' | 'expired' | 'superseded';
}) {
  const valid = status === 'valid';
  return (
    <span
      className={`class-badge ${valid ? riskClass : 'expired'}`}
      style={{ background: RISK_CLASS_COLOURS[riskClassKey(riskClass, status)] }}
      data-testid="class-badge"
      data-status={status}
    >
      {RISK_CLASS_LABELS[riskClass][lang]}
      {!valid && ` · ${BUSINESS_STRINGS[lang].status[status]}`}
    </span>
  );
}

/** The latest assessment of premises in a list: class, valid-until and any inspection flag. */
export function LatestResult({ lang, latest }: { lang: Lang; latest: PremisesItem['latest'] }) {
  const t = BUSINESS_STRINGS[lang];
  if (!latest) return <div className="muted">{t.notAssessed}</div>;
  return (
    <div>
      <ClassBadge lang={lang} riskClass={latest.riskClass} status={latest.status} />{' '}
      <small>
        {t.validUntil} {hanoiDate(latest.validUntil, lang)}
      </small>
      {latest.flagged && <div className="flag-note">⚑ {t.flagged}</div>}
    </div>
  );
}
