import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { RISK_CLASS_LABELS, SECTOR_LABELS } from '../../domain/rules/assessment/labels.js';
import type { RiskClass } from '../../domain/rules/assessment/score.js';
import { BUSINESS_STRINGS } from '../i18n/business-strings.js';
import { type Lang, STRINGS } from '../i18n/strings.js';
import { flagAssessment, type PremisesItem, premisesQuery, unflagAssessment } from '../lib/businesses.js';
import { useMap } from '../map/MapProvider.js';
import { useForm } from '../ui/use-form.js';
import { LatestResult } from './ClassBadge.js';

const STATES = ['valid', 'expiring', 'expired', 'none', 'flagged'] as const;
const RISK_CLASSES = Object.keys(RISK_CLASS_LABELS) as RiskClass[];

function FlagControl({ lang, item, onChanged }: { lang: Lang; item: PremisesItem; onChanged(): void }) {
  const t = BUSINESS_STRINGS[lang];
  const form = useForm(lang);
  const [note, setNote] = useState<string>();
  const latest = item.latest;
  if (!latest) return null;
  if (latest.flagged) {
    return (
      <button
        type="button"
        className="link"
        disabled={form.busy}
        onClick={() =>
          form.run(async () => {
            await unflagAssessment(latest.id);
            onChanged();
          })
        }
      >
        {t.unflag}
      </button>
    );
  }
  if (note === undefined) {
    return (
      <button type="button" className="link" onClick={() => setNote('')} data-testid="flag">
        ⚑ {t.flag}
      </button>
    );
  }
  return (
    <form
      className="flag-form"
      onSubmit={(e) => {
        e.preventDefault();
        form.run(async () => {
          await flagAssessment(latest.id, note);
          setNote(undefined);
          onChanged();
        });
      }}
    >
      <input
        aria-label={t.flagNote}
        placeholder={t.flagNote}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        required
        minLength={3}
      />
      <button type="submit" className="primary" disabled={form.busy}>
        {t.save}
      </button>
      {form.errorOf('body.note') && <small className="note error">{form.errorOf('body.note')}</small>}
    </form>
  );
}

/** Officials: the premises in their scope, filtered by class and state, each with a flag for inspection. */
export function OfficialPremisesPanel({ lang, onClose }: { lang: Lang; onClose(): void }) {
  const t = BUSINESS_STRINGS[lang];
  const map = useMap();
  const client = useQueryClient();
  const [riskClass, setRiskClass] = useState<RiskClass | ''>('');
  const [state, setState] = useState<(typeof STATES)[number] | ''>('');
  const items = useQuery(
    premisesQuery({ ...(riskClass ? { class: riskClass } : {}), ...(state ? { state } : {}) }),
  ).data;
  const changed = () => client.invalidateQueries({ queryKey: ['premises'] });

  return (
    <aside className="panel" data-testid="official-premises">
      <button type="button" className="close" onClick={onClose} aria-label={STRINGS[lang].close}>
        ×
      </button>
      <h2>{t.businesses}</h2>
      <div className="filters">
        <label>
          {t.filterClass}{' '}
          <select
            value={riskClass}
            onChange={(e) => setRiskClass(RISK_CLASSES.find((c) => c === e.target.value) ?? '')}
            data-testid="filter-class"
          >
            <option value="">{t.all}</option>
            {Object.entries(RISK_CLASS_LABELS).map(([c, l]) => (
              <option key={c} value={c}>
                {l[lang]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.filterState}{' '}
          <select
            value={state}
            onChange={(e) => setState(STATES.find((s) => s === e.target.value) ?? '')}
            data-testid="filter-state"
          >
            <option value="">{t.all}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t.states[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {items && <p className="muted">{t.count(items.length)}</p>}
      <ul className="premises-list">
        {items?.map((p) => (
          <li key={p.id} data-testid="official-premises-item">
            <button type="button" className="link" onClick={() => map?.flyTo({ center: [p.lon, p.lat], zoom: 16 })}>
              <b>{p.name}</b>
            </button>
            <div className="muted">
              {SECTOR_LABELS[p.sector][lang]} · {lang === 'vi' ? p.ward.nameVi : p.ward.nameEn} · {p.taxCode}
            </div>
            <LatestResult lang={lang} latest={p.latest} />
            <FlagControl lang={lang} item={p} onChanged={changed} />
          </li>
        ))}
      </ul>
    </aside>
  );
}
