import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InferRequestType } from 'hono/client';
import { useState } from 'react';
import { ACCOUNT_STRINGS } from '../i18n/account-strings.js';
import type { Lang } from '../i18n/strings.js';
import { abortable, api, ok } from '../lib/api-client.js';
import { Field } from '../ui/Field.js';
import { useForm } from '../ui/use-form.js';

const contactRoute = api.api.wards[':code'].contact;
type ContactInput = InferRequestType<typeof contactRoute.$put>['json'];

const contactQuery = (code: string) =>
  queryOptions({
    queryKey: ['wards', code, 'contact'],
    queryFn: async ({ signal }) => ok(await contactRoute.$get({ param: { code } }, abortable(signal))),
  });
const FIELDS = [
  'hotline',
  'healthStationName',
  'healthStationAddress',
  'healthStationPhone',
  'noteVi',
  'noteEn',
] as const;

/** The ward's hotline and health station; officials whose scope covers the ward can edit them. */
export function WardContact({ code, lang, editable }: { code: string; lang: Lang; editable: boolean }) {
  const t = ACCOUNT_STRINGS[lang];
  const client = useQueryClient();
  const { data: contact } = useQuery(contactQuery(code));
  const [draft, setDraft] = useState<ContactInput>();
  const form = useForm(lang);

  if (!contact) return null;
  const note = lang === 'vi' ? contact.noteVi : (contact.noteEn ?? contact.noteVi);
  const labels: Record<(typeof FIELDS)[number], string> = {
    hotline: t.hotline,
    healthStationName: t.healthStation,
    healthStationAddress: t.healthStationAddress,
    healthStationPhone: t.healthStationPhone,
    noteVi: t.noteVi,
    noteEn: t.noteEn,
  };

  if (draft) {
    return (
      <form
        className="contact-form"
        noValidate
        data-testid="contact-form"
        onSubmit={(e) => {
          e.preventDefault();
          form.run(async () => {
            const json = Object.fromEntries(FIELDS.map((f) => [f, draft[f]?.trim() || null])) as ContactInput;
            client.setQueryData(
              contactQuery(code).queryKey,
              await ok(await contactRoute.$put({ param: { code }, json })),
            );
            setDraft(undefined);
          });
        }}
      >
        <h3>{t.contact}</h3>
        {FIELDS.map((f) => (
          <Field
            key={f}
            label={labels[f]}
            name={f}
            value={draft[f] ?? ''}
            onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}
            error={form.errorOf(f)}
          />
        ))}
        {form.message && <p className="form-error">{form.message}</p>}
        <div className="actions">
          <button type="button" onClick={() => setDraft(undefined)}>
            {t.cancel}
          </button>
          <button type="submit" className="primary" disabled={form.busy}>
            {t.save}
          </button>
        </div>
      </form>
    );
  }

  const empty = FIELDS.every((f) => !contact[f]);
  return (
    <section className="contact" data-testid="ward-contact">
      <h3>
        {t.contact}
        {editable && (
          <button type="button" className="link" onClick={() => setDraft(contact)} data-testid="edit-contact">
            {t.edit}
          </button>
        )}
      </h3>
      {empty && <p className="muted">{t.noContact}</p>}
      {contact.hotline && (
        <p>
          {t.hotline}: <a href={`tel:${contact.hotline.replace(/[^\d+]/g, '')}`}>{contact.hotline}</a>
        </p>
      )}
      {contact.healthStationName && (
        <p>
          {t.healthStation}: <strong>{contact.healthStationName}</strong>
          {contact.healthStationAddress && <small className="block">{contact.healthStationAddress}</small>}
          {contact.healthStationPhone && (
            <a href={`tel:${contact.healthStationPhone.replace(/[^\d+]/g, '')}`}>
              {t.call} {contact.healthStationPhone}
            </a>
          )}
        </p>
      )}
      {note && <p>{note}</p>}
    </section>
  );
}
