import type { InferRequestType } from 'hono/client';
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
const indicatorsRoute = api.api.units[':code'].indicators[':week'];
type IndicatorsInput = InferRequestType<typeof indicatorsRoute.$put>['json'];

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
      // an empty required figure is sent as NaN, i.e. null in JSON: the server names the field
      const figure = (k: string) => (values[k].trim() === '' ? Number.NaN : Number(values[k].replace(',', '.')));
      const optional = (k: string) => (values[k].trim() === '' ? null : figure(k));
      const flag = (k: string) => (values[k] === '' ? null : values[k] === 'true');
      const json: IndicatorsInput = {
        population: figure('population'),
        newCommunityCases: figure('newCommunityCases'),
        oxygenCases: figure('oxygenCases'),
        deaths: figure('deaths'),
        adultFirstDosePct: optional('adultFirstDosePct'),
        elderlyFullPct: optional('elderlyFullPct'),
        fullyVaccinatedPct: optional('fullyVaccinatedPct'),
        highRiskFullPct: optional('highRiskFullPct'),
        freeBedsPer100k: optional('freeBedsPer100k'),
        homeCareReady: flag('homeCareReady'),
        icuReady: flag('icuReady'),
        source: values.source,
      };
      await ok(await indicatorsRoute.$put({ param: { code, week }, json }));
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
