import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { QUESTIONNAIRE_2194 } from '../../domain/rules/assessment/questionnaire-2194.js';
import { scoreAnswers } from '../../domain/rules/assessment/score.js';
import { guidanceFor, SOURCES } from '../../domain/rules/guidance/activity-by-level.js';
import { BUSINESS_STRINGS, hanoiDate } from '../i18n/business-strings.js';
import type { Lang } from '../i18n/strings.js';
import { type Assessment, draftQuery, type PremisesItem, saveDraft, submitAssessment } from '../lib/businesses.js';
import { formatFixed, formatUpTo } from '../lib/format.js';
import { Dialog } from '../ui/Dialog.js';
import { useForm } from '../ui/use-form.js';
import { ClassBadge } from './ClassBadge.js';

const Q = QUESTIONNAIRE_2194;

/** What the ward's level asks of this sector, with the source of each line. */
export function Guidance({ lang, premises }: { lang: Lang; premises: PremisesItem }) {
  const t = BUSINESS_STRINGS[lang];
  const level = premises.level?.level ?? null;
  return (
    <section className="guidance" data-testid="guidance">
      <h3>{t.guidance(level)}</h3>
      <ul>
        {guidanceFor(premises.sector, level).map((r) => (
          <li key={r.text.vi}>
            {r.text[lang]}{' '}
            <small className="muted" title={SOURCES[r.source]}>
              ({r.source === 'nq128' ? 'NQ 128' : r.source === 'qd2194' ? 'QĐ 2194' : 'UBND TP'}
              {r.verified ? '' : ` · ${t.guidanceUnverified}`})
            </small>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The questionnaire rendered from its definition, with the score computed live by the same module
 * the server scores with; save a draft, submit, then the published result and its certificate.
 */
export function AssessmentDialog({
  lang,
  premises,
  onSubmitted,
  onClose,
}: {
  lang: Lang;
  premises: PremisesItem;
  onSubmitted(a: Assessment): void;
  onClose(): void;
}) {
  const t = BUSINESS_STRINGS[lang];
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Assessment>();
  const [saved, setSaved] = useState(false);
  const form = useForm(lang);
  const score = useMemo(() => scoreAnswers(Q, answers), [answers]);
  const answered = Q.criteria.length - score.problems.length;
  const complete = answered === Q.criteria.length;

  // a saved draft fills the answers once it arrives
  const draft = useQuery(draftQuery(premises.id)).data;
  useEffect(() => {
    if (draft) setAnswers(draft.answers);
  }, [draft]);

  const pick = (criterion: string, option: string) => {
    setSaved(false);
    setAnswers((a) => ({ ...a, [criterion]: option }));
  };

  if (result) {
    return (
      <Dialog title={t.result} onClose={onClose}>
        <div data-testid="assessment-result">
          <p className="submitted-note">{t.submitted}</p>
          <p>
            <ClassBadge lang={lang} riskClass={result.riskClass} status={result.status} />
          </p>
          <dl className="facts">
            <dt>{t.score}</dt>
            <dd data-testid="result-points">
              {formatUpTo(result.points, lang, 1)}/{formatUpTo(Q.maxPoints, lang)}
            </dd>
            <dt>{t.index}</dt>
            <dd>{formatFixed(result.riskIndex, lang, 2)}/100</dd>
            <dt>{t.validUntil}</dt>
            <dd>{hanoiDate(result.validUntil, lang)}</dd>
          </dl>
          <p className="links">
            <a
              href={`/certificate/${result.certificateCode}`}
              target="_blank"
              rel="noreferrer"
              data-testid="certificate-link"
            >
              {t.certificate} {result.certificateCode}
            </a>
            {' · '}
            <a href={`/verify/${result.certificateCode}`} target="_blank" rel="noreferrer">
              {t.verify}
            </a>
          </p>
          <Guidance lang={lang} premises={premises} />
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={`${t.assessTitle} · ${premises.name}`} onClose={onClose}>
      <form
        className="assessment"
        data-testid="assessment-form"
        onSubmit={(e) => {
          e.preventDefault();
          form.run(async () => {
            const a = await submitAssessment(premises.id, answers, Q.version);
            setResult(a);
            onSubmitted(a);
          });
        }}
      >
        {/* no index and no class until every criterion is answered: a partial score is not a verdict */}
        <div
          className="live-score"
          data-testid="live-score"
          data-points={score.points}
          data-index={complete ? score.riskIndex : undefined}
          data-class={complete ? score.riskClass : undefined}
          aria-live="polite"
        >
          {complete ? (
            <>
              <span>
                {t.liveScore}: <b>{formatUpTo(score.points, lang, 1)}</b>/{formatUpTo(Q.maxPoints, lang)} · {t.index}{' '}
                <b>{formatFixed(score.riskIndex, lang, 2)}</b>
              </span>
              <ClassBadge lang={lang} riskClass={score.riskClass} status="valid" />
            </>
          ) : (
            <>
              <b data-testid="criteria-left">{t.left(Q.criteria.length - answered)}</b>
              <span>
                {t.pointsSoFar}: <b>{formatUpTo(score.points, lang, 1)}</b>
              </span>
              <small className="muted">{t.classWhenDone}</small>
            </>
          )}
          <small>{t.answered(answered, Q.criteria.length)}</small>
        </div>
        <p className="muted">{t.questionnaireSource}</p>
        <Guidance lang={lang} premises={premises} />
        {Q.criteria.map((c) => {
          const error = form.errorOf(`body.answers.${c.id}`);
          return (
            <fieldset key={c.id} className={error ? 'criterion invalid' : 'criterion'} data-criterion={c.id}>
              <legend>
                <b>{c.id}</b> {c.label[lang]}
                {!c.verified && <small className="unverified"> · {t.unverified}</small>}
              </legend>
              {c.options.map((o) => (
                <label key={o.id} className="option">
                  <input
                    type="radio"
                    name={c.id}
                    value={o.id}
                    checked={answers[c.id] === o.id}
                    onChange={() => pick(c.id, o.id)}
                  />
                  <span>{o.label[lang]}</span>
                  <small className="muted">{formatUpTo(o.points, lang, 1)}</small>
                </label>
              ))}
              {error && <small className="note error">{error}</small>}
            </fieldset>
          );
        })}
        {form.message && (
          <p className="form-error" role="alert">
            {form.message}
          </p>
        )}
        <div className="actions">
          <button
            type="button"
            disabled={form.busy}
            onClick={() =>
              form.run(async () => {
                await saveDraft(premises.id, answers);
                setSaved(true);
              })
            }
          >
            {saved ? t.draftSaved : t.saveDraft}
          </button>
          <button type="submit" className="primary" disabled={form.busy || answered < Q.criteria.length}>
            {t.submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
