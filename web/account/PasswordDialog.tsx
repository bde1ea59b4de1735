import { useState } from 'react';
import { ACCOUNT_STRINGS } from '../i18n/account-strings.js';
import type { Lang } from '../i18n/strings.js';
import { Dialog } from '../ui/Dialog.js';
import { Field } from '../ui/Field.js';
import { useForm } from '../ui/use-form.js';
import { changePassword } from './session.js';

/** Change the password; the server signs out every other session. */
export function PasswordDialog({ lang, onClose }: { lang: Lang; onClose(): void }) {
  const t = ACCOUNT_STRINGS[lang];
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState<number>();
  const form = useForm(lang);
  return (
    <Dialog title={t.changePassword} onClose={onClose}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          form.run(async () => setDone((await changePassword(current, next)).revokedSessions));
        }}
      >
        <Field
          label={t.currentPassword}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={form.errorOf('currentPassword')}
        />
        <Field
          label={t.newPassword}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={form.errorOf('newPassword')}
          hint={t.passwordHint}
        />
        {form.message && <p className="form-error">{form.message}</p>}
        {done !== undefined && <p className="form-ok">{t.passwordChanged(done)}</p>}
        <button type="submit" className="primary" disabled={form.busy}>
          {t.save}
        </button>
      </form>
    </Dialog>
  );
}
