import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InferResponseType } from 'hono/client';
import { useState } from 'react';
import { ACCOUNT_STRINGS } from '../i18n/account-strings.js';
import type { Lang } from '../i18n/strings.js';
import { abortable, api, districtsQuery, ok, type WardSummary } from '../lib/api-client.js';
import { Dialog } from '../ui/Dialog.js';
import { Field } from '../ui/Field.js';
import { useForm } from '../ui/use-form.js';

type OfficialRole = 'ward_officer' | 'district_officer' | 'city_admin';
type AccountRow = InferResponseType<typeof api.api.accounts.$get, 200>['accounts'][number];

const accountsQuery = () =>
  queryOptions({
    queryKey: ['accounts'],
    queryFn: async ({ signal }) => (await ok(await api.api.accounts.$get({ query: {} }, abortable(signal)))).accounts,
  });
const auditQuery = () =>
  queryOptions({
    queryKey: ['audit', { limit: 20 }],
    queryFn: async ({ signal }) =>
      (await ok(await api.api.audit.$get({ query: { limit: 20 } }, abortable(signal)))).entries,
  });

/** City admins: create official accounts with a role and scope, disable accounts, read the audit log. */
export function AdminPanel({
  lang,
  selfId,
  wards,
  onClose,
}: {
  lang: Lang;
  selfId: string;
  wards: WardSummary[];
  onClose(): void;
}) {
  const t = ACCOUNT_STRINGS[lang];
  const client = useQueryClient();
  const accounts = useQuery(accountsQuery()).data ?? [];
  const audit = useQuery(auditQuery()).data ?? [];
  const districts = useQuery(districtsQuery()).data ?? [];
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<OfficialRole>('ward_officer');
  const [scopeCode, setScopeCode] = useState('');
  const [generated, setGenerated] = useState<string>();
  const form = useForm(lang);

  const reload = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['accounts'] }),
      client.invalidateQueries({ queryKey: ['audit'] }),
    ]);

  const units =
    role === 'ward_officer'
      ? wards.map((w) => ({ code: w.code, name: lang === 'vi' ? w.fullNameVi : w.fullNameEn }))
      : role === 'district_officer'
        ? districts.map((d) => ({ code: d.code, name: lang === 'vi' ? d.nameVi : d.nameEn }))
        : [{ code: '01', name: lang === 'vi' ? 'Thành phố Hà Nội' : 'Hanoi City' }];

  const create = (e: React.FormEvent) => {
    e.preventDefault();
    setGenerated(undefined);
    form.run(async () => {
      const res = await ok(await api.api.accounts.$post({ json: { email, role, scopeCode, displayName } }));
      setGenerated(res.generatedPassword);
      setEmail('');
      setDisplayName('');
      await reload();
    });
  };

  const toggle = useMutation({
    mutationFn: async (a: AccountRow) =>
      ok(await api.api.accounts[':id'].$patch({ param: { id: a.id }, json: { disabled: !a.disabled } })),
    onSuccess: reload,
  });

  return (
    <Dialog title={t.admin} onClose={onClose}>
      <form onSubmit={create} noValidate className="admin-form" data-testid="new-official">
        <h3>{t.newOfficial}</h3>
        <Field
          label={t.email}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={form.errorOf('email')}
        />
        <Field
          label={t.displayName}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={form.errorOf('displayName')}
        />
        <div className="field">
          <label htmlFor="official-role">{t.role}</label>
          <select
            id="official-role"
            value={role}
            onChange={(e) => {
              setRole(e.target.value as OfficialRole);
              setScopeCode(e.target.value === 'city_admin' ? '01' : '');
            }}
          >
            {(['ward_officer', 'district_officer', 'city_admin'] as const).map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </div>
        <div className={form.errorOf('scopeCode') ? 'field invalid' : 'field'}>
          <label htmlFor="official-scope">{t.scope}</label>
          <select id="official-scope" value={scopeCode} onChange={(e) => setScopeCode(e.target.value)}>
            <option value="">{t.chooseUnit}</option>
            {units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
          <small className="error">{form.errorOf('scopeCode')}</small>
        </div>
        {form.message && <p className="form-error">{form.message}</p>}
        {generated && (
          <p className="form-ok">
            {t.generatedPassword} <code data-testid="generated-password">{generated}</code>
          </p>
        )}
        <button type="submit" className="primary" disabled={form.busy}>
          {t.newOfficial}
        </button>
      </form>
      <h3>{t.accounts}</h3>
      <ul className="rows" data-testid="accounts">
        {accounts.map((a) => (
          <li key={a.id}>
            <span>
              <strong>{a.displayName || a.email}</strong> <small className="muted">{a.email}</small>
              <br />
              <small>
                {t.roles[a.role]}
                {a.scope ? ` · ${lang === 'vi' ? a.scope.nameVi : a.scope.nameEn}` : ''}
                {a.disabled ? ` · ${t.disabled}` : ''}
              </small>
            </span>
            {a.id !== selfId && (
              <button type="button" onClick={() => toggle.mutate(a)}>
                {a.disabled ? t.enable : t.disable}
              </button>
            )}
          </li>
        ))}
      </ul>
      <h3>{t.auditLog}</h3>
      <ul className="rows audit" data-testid="audit">
        {audit.map((e) => (
          <li key={e.id}>
            <small>
              {new Date(e.at).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')} · {e.actor.email ?? 'CLI'} ·{' '}
              {t.actions[e.action] ?? e.action} · {e.entityId}
            </small>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
