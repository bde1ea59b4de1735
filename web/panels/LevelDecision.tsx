import { useState } from 'react';
import { LEVEL_STRINGS } from '../i18n/level-strings.js';
import type { Lang } from '../i18n/strings.js';
import { api, ok } from '../lib/api-client.js';
import type { LevelDetail } from '../lib/levels.js';
import { Field } from '../ui/Field.js';
import { useForm } from '../ui/use-form.js';

/** An official confirms the computed level, or sets another one; both need a reason. */
export function LevelDecision({
  code,
  week,
  lang,
  detail,
  onDone,
}: {
  code: string;
  week: string;
  lang: Lang;
  detail: LevelDetail;
  onDone(): void;
}) {
  const t = LEVEL_STRINGS[lang];
  const [action, setAction] = useState<'confirm' | 'override'>('confirm');
  const [level, setLevel] = useState(detail.level);
  const [reason, setReason] = useState('');
  const form = useForm(lang);
  return (
    <form
      className="decision"
      noValidate
      data-testid="decision"
      onSubmit={(e) => {
        e.preventDefault();
        form.run(async () => {
          await ok(
            await api.api.units[':code'].levels[':week'].decision.$post({
              param: { code, week },
              json: { action, reason, ...(action === 'override' ? { level } : {}) },
            }),
          );
          setReason('');
          onDone();
        });
      }}
    >
      <div className="tabs" role="tablist">
        {(['confirm', 'override'] as const).map((a) => (
          <button key={a} type="button" role="tab" aria-selected={action === a} onClick={() => setAction(a)}>
            {t[a]}
          </button>
        ))}
      </div>
      {action === 'override' && (
        <div className="field">
          <label htmlFor={`lvl-${code}`}>{t.newLevel}</label>
          <select id={`lvl-${code}`} value={level} onChange={(e) => setLevel(Number(e.target.value))}>
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={n}>
                {t.level(n)}
              </option>
            ))}
          </select>
        </div>
      )}
      <Field
        label={t.reason}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={form.errorOf('reason')}
      />
      {form.message && <p className="form-error">{form.message}</p>}
      <button type="submit" className="primary" disabled={form.busy}>
        {action === 'confirm' ? `${t.confirm}: ${t.level(detail.computedLevel)}` : t.override}
      </button>
    </form>
  );
}
