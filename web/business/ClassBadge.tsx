import { RISK_CLASS_COLORS, RISK_CLASS_LABELS } from '../../data/rules/assessment/labels.js';
import type { RiskClass } from '../../data/rules/assessment/score.js';
import { BUSINESS_STRINGS } from '../i18n/business-strings.js';
import type { Lang } from '../i18n/strings.js';

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
      style={{ background: valid ? RISK_CLASS_COLORS[riskClass] : RISK_CLASS_COLORS.expired }}
      data-testid="class-badge"
      data-status={status}
    >
      {RISK_CLASS_LABELS[riskClass][lang]}
      {!valid && ` · ${BUSINESS_STRINGS[lang].status[status]}`}
    </span>
  );
}
