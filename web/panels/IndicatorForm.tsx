import { useState } from 'react';
import { LEVEL_STRINGS } from '../i18n/level-strings.js';
import type { Lang } from '../i18n/strings.js';
import { api, ok } from '../lib/api-client.js';
import { Field } from '../ui/Field.js';
import { useForm } from '../ui/use-form.js';

const NUMBERS = [
  ['population', true],
  ['newCommunityCases', true],
  ['oxygenCases', true],
  ['deaths', true],
  ['adultFirstDosePct', false],
  ['elderlyFullPct', false],
  ['fullyVaccinatedPct', false],
  ['highRiskFullPct', false],
  ['freeBedsPer100k', false],
] as const;
const FLAGS = ['homeCareReady', 'icuReady'] as const;

type Values = Record<string, string>;

/** One ward's figures for one week; the server computes the level from them at once. */
export function IndicatorForm({
  code,
  week,
  lang,
  initial,
  onDone,
}: {
  code: string;
  week: string;
  lang: Lang;
  initial?: Record<string, unknown>;
  onDone(): void;
}) {
  const t = LEVEL_STRINGS[lang];
  const [values, setValues] = useState<Values>(() =>
    Object.fromEntries(
      [...NUMBERS.map(([k]) => k), ...FLAGS, 'source'].map((k) => [k, initial?.[k] == null ? '' : String(initial[k])]),
    ),
  );
  const form = useForm(lang);
  const set = (k: string) => (e: { target: { value: string } }) => setValues({ ...values, [k]: e.target.value });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    form.run(async () => {
      const num = (v: string) => (v.trim() === '' ? null : Number(v.replace(',', '.')));
      const json = {
        ...Object.fromEntries(NUMBERS.map(([k]) => [k, num(values[k])])),
        ...Object.fromEntries(FLAGS.map((k) => [k, values[k] === '' ? null : values[k] === 'true'])),
        source: values.source,
      } as never;
      await ok(await api.api.units[':code'].indicators[':week'].$put({ param: { code, week }, json }));
      onDone();
    });
  };

  return (
    <form className="indicator-form" noValidate onSubmit={submit} data-testid="indicator-form">
      {NUMBERS.map(([k, required]) => (
        <Field
          key={k}
          label={`${t.fields[k]}${required ? ' *' : ''}`}
          name={k}
          inputMode="decimal"
          value={values[k]}
          onChange={set(k)}
          error={form.errorOf(k)}
        />
      ))}
      {FLAGS.map((k) => (
        <div className="field" key={k}>
          <label htmlFor={`${code}-${k}`}>{t.fields[k]}</label>
          <select id={`${code}-${k}`} value={values[k]} onChange={set(k)}>
            <option value="">{t.unknown}</option>
            <option value="true">{t.yes}</option>
            <option value="false">{t.no}</option>
          </select>
        </div>
      ))}
      <Field
        label={`${t.fields.source} *`}
        name="source"
        value={values.source}
        onChange={set('source')}
        error={form.errorOf('source')}
      />
      {form.message && <p className="form-error">{form.message}</p>}
      <button type="submit" className="primary" disabled={form.busy}>
        {t.enterIndicators}
      </button>
    </form>
  );
}
