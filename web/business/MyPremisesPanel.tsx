import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { SECTOR_LABELS } from '../../domain/rules/assessment/labels.js';
import { BUSINESS_STRINGS, hanoiDate } from '../i18n/business-strings.js';
import { type Lang, STRINGS } from '../i18n/strings.js';
import { assessmentHistoryQuery, createPremises, type PremisesItem, premisesQuery } from '../lib/businesses.js';
import { formatUpTo } from '../lib/format.js';
import { useRefreshTiles } from '../map/tile-versions.js';
import { Field } from '../ui/Field.js';
import { useForm } from '../ui/use-form.js';
import { AssessmentDialog } from './AssessmentDialog.js';
import { ClassBadge, LatestResult } from './ClassBadge.js';

const SECTORS = Object.keys(SECTOR_LABELS) as (keyof typeof SECTOR_LABELS)[];

/** Registers premises at a point picked on the map; the server derives the ward. */
function PremisesForm({
  lang,
  picked,
  onCreated,
  onCancel,
}: {
  lang: Lang;
  picked?: { lon: number; lat: number };
  onCreated(): void;
  onCancel(): void;
}) {
  const t = BUSINESS_STRINGS[lang];
  const form = useForm(lang);
  const [sector, setSector] = useState<(typeof SECTORS)[number]>('restaurant');
  return (
    <form
      className="premises-form"
      data-testid="premises-form"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        form.run(async () => {
          await createPremises({
            name: String(data.get('name')),
            taxCode: String(data.get('taxCode')),
            sector,
            address: String(data.get('address')),
            lon: picked?.lon ?? Number.NaN,
            lat: picked?.lat ?? Number.NaN,
            workers: Number(data.get('workers')),
            floorAreaM2: Number(data.get('floorArea')),
          });
          onCreated();
        });
      }}
    >
      <h3>{t.registerTitle}</h3>
      <Field label={t.name} name="name" required error={form.errorOf('body.name')} />
      <Field
        label={t.taxCode}
        name="taxCode"
        required
        inputMode="numeric"
        hint={t.taxCodeHint}
        error={form.errorOf('body.taxCode')}
      />
      <div className="field">
        <label htmlFor="premises-sector">{t.sector}</label>
        <select id="premises-sector" value={sector} onChange={(e) => setSector(e.target.value as typeof sector)}>
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {SECTOR_LABELS[s][lang]}
            </option>
          ))}
        </select>
      </div>
      <Field label={t.address} name="address" required error={form.errorOf('body.address')} />
      <Field label={t.workers} name="workers" type="number" min={0} required error={form.errorOf('body.workers')} />
      <Field
        label={t.floorArea}
        name="floorArea"
        type="number"
        min={1}
        step="any"
        required
        error={form.errorOf('body.floorAreaM2')}
      />
      <p className={picked ? 'pick picked' : 'pick'} data-testid="pick-status">
        <b>{t.location}:</b> {picked ? t.picked(picked.lon, picked.lat) : t.pickOnMap}
      </p>
      {(form.errorOf('body.lon') || form.errorOf('body.lat')) && <p className="note error">{t.pickOnMap}</p>}
      {form.message && (
        <p className="form-error" role="alert">
          {form.message}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
        <button type="submit" className="primary" disabled={form.busy || !picked}>
          {t.save}
        </button>
      </div>
    </form>
  );
}

function History({ lang, id }: { lang: Lang; id: string }) {
  const t = BUSINESS_STRINGS[lang];
  const items = useQuery(assessmentHistoryQuery(id)).data;
  return (
    <ol className="history" data-testid="history">
      {items?.map((a) => (
        <li key={a.id}>
          {hanoiDate(a.submittedAt, lang)} · {formatUpTo(a.points, lang, 1)} ·{' '}
          <ClassBadge lang={lang} riskClass={a.riskClass} status={a.status} />{' '}
          <a href={`/certificate/${a.certificateCode}`} target="_blank" rel="noreferrer">
            {a.certificateCode}
          </a>
          {a.flag && (
            <div className="flag-note">
              ⚑ {t.flagged}: {a.flag.note}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

/**
 * A business's own premises: register at a point on the map, self-assess, see the published
 * result, its certificate, history and any inspection flag.
 */
export function MyPremisesPanel({
  lang,
  picked,
  onPicking,
  onClose,
}: {
  lang: Lang;
  /** the point last tapped on the map while registering */
  picked?: { lon: number; lat: number };
  /** whether map taps should pick the premises' point */
  onPicking(picking: boolean): void;
  onClose(): void;
}) {
  const t = BUSINESS_STRINGS[lang];
  const client = useQueryClient();
  const refreshTiles = useRefreshTiles();
  const premises = useQuery(premisesQuery()).data;
  const [registering, setRegisteringState] = useState(false);
  const [assessing, setAssessing] = useState<PremisesItem>();
  const [historyOf, setHistoryOf] = useState<string>();
  const setRegistering = (on: boolean) => {
    setRegisteringState(on);
    onPicking(on);
  };

  return (
    <aside className="panel" data-testid="my-premises">
      <button type="button" className="close" onClick={onClose} aria-label={STRINGS[lang].close}>
        ×
      </button>
      <h2>{t.myPremises}</h2>
      {premises?.length === 0 && !registering && <p className="muted">{t.noPremises}</p>}
      <ul className="premises-list">
        {premises?.map((p) => (
          <li key={p.id} data-testid="premises-item">
            <b>{p.name}</b>
            <div className="muted">
              {SECTOR_LABELS[p.sector][lang]} · {lang === 'vi' ? p.ward.nameVi : p.ward.nameEn}
            </div>
            <LatestResult lang={lang} latest={p.latest} />
            <div className="actions">
              <button type="button" className="primary" onClick={() => setAssessing(p)} data-testid="assess">
                {p.latest ? t.reassess : t.assess}
              </button>
              {p.latest && (
                <>
                  <a href={`/certificate/${p.latest.certificateCode}`} target="_blank" rel="noreferrer">
                    {t.certificate}
                  </a>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setHistoryOf(historyOf === p.id ? undefined : p.id)}
                  >
                    {t.history}
                  </button>
                </>
              )}
            </div>
            {historyOf === p.id && <History lang={lang} id={p.id} />}
          </li>
        ))}
      </ul>
      {registering ? (
        <PremisesForm
          lang={lang}
          picked={picked}
          onCreated={() => {
            setRegistering(false);
            client.invalidateQueries({ queryKey: ['premises'] });
          }}
          onCancel={() => setRegistering(false)}
        />
      ) : (
        <button type="button" onClick={() => setRegistering(true)} data-testid="register-premises">
          + {t.register}
        </button>
      )}
      {assessing && (
        <AssessmentDialog
          lang={lang}
          premises={assessing}
          onSubmitted={() => {
            // the result is published: the list, the public cards and the businesses layer change
            client.invalidateQueries({ queryKey: ['premises'] });
            client.invalidateQueries({ queryKey: ['businesses'] });
            refreshTiles();
          }}
          onClose={() => setAssessing(undefined)}
        />
      )}
    </aside>
  );
}
