import { useCallback, useEffect, useState } from 'react';
import { ACCOUNT_STRINGS } from '../i18n/account-strings.js';
import type { Lang } from '../i18n/strings.js';
import { api, ok, type WardSummary } from '../lib/api-client.js';
import { Dialog } from '../ui/Dialog.js';
import { Field } from '../ui/Field.js';
import { useForm } from '../ui/use-form.js';

type OfficialRole = 'ward_officer' | 'district_officer' | 'city_admin';
type AccountRow = Awaited<ReturnType<typeof loadAccounts>>[number];
type AuditRow = Awaited<ReturnType<typeof loadAudit>>[number];

const loadAccounts = async () => (await ok(await api.api.accounts.$get({ query: {} }))).accounts;
const loadAudit = async () => (await ok(await api.api.audit.$get({ query: { limit: '20' } as never }))).entries;

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
  const [accounts, setAccounts] = useState<AccountRow[]>([]);
  const [audit, setAudit] = useState<AuditRow[]>([]);
  const [districts, setDistricts] = useState<{ code: string; nameVi: string; nameEn: string }[]>([]);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<OfficialRole>('ward_officer');
  const [scopeCode, setScopeCode] = useState('');
  const [generated, setGenerated] = useState<string>();
  const form = useForm(lang);

  const reload = useCallback(async () => {
    const [a, l] = await Promise.all([loadAccounts(), loadAudit()]);
    setAccounts(a);
    setAudit(l);
  }, []);
  useEffect(() => {
    reload().catch(() => {});
    api.api.districts.$get().then(async (r) => r.ok && setDistricts((await r.json()).districts));
  }, [reload]);

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

  const toggle = async (a: AccountRow) => {
    await ok(await api.api.accounts[':id'].$patch({ param: { id: a.id }, json: { disabled: !a.disabled } }));
    await reload();
  };

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
              <button type="button" onClick={() => toggle(a).catch(() => {})}>
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
