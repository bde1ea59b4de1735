import { useState } from 'react';
import { ACCOUNT_STRINGS } from '../i18n/account-strings.js';
import type { Lang } from '../i18n/strings.js';
import { Dialog } from '../ui/Dialog.js';
import { Field } from '../ui/Field.js';
import { useForm } from '../ui/use-form.js';
import { registerBusiness, type SessionState, signIn } from './session.js';

/** Sign in, or register a business account; officials get theirs from the city admin. */
export function AuthDialog({
  lang,
  initialMode,
  onDone,
  onClose,
}: {
  lang: Lang;
  initialMode: 'signIn' | 'register';
  /** signed in: the new session */
  onDone(session: SessionState): void;
  onClose(): void;
}) {
  const t = ACCOUNT_STRINGS[lang];
  const [mode, setMode] = useState(initialMode);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const form = useForm(lang);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    form.run(async () => {
      onDone(
        mode === 'signIn'
          ? await signIn(email, password)
          : await registerBusiness(email, password, displayName.trim() || undefined),
      );
    });
  };

  return (
    <Dialog title={mode === 'signIn' ? t.signInTitle : t.registerTitle} onClose={onClose}>
      <div className="tabs" role="tablist">
        {(['signIn', 'register'] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} onClick={() => setMode(m)}>
            {t[m]}
          </button>
        ))}
      </div>
      <form onSubmit={submit} noValidate data-testid="auth-form">
        <Field
          label={t.email}
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={form.errorOf('email')}
        />
        <Field
          label={t.password}
          type="password"
          name="password"
          autoComplete={mode === 'signIn' ? 'current-password' : 'new-password'}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={form.errorOf('password')}
          hint={mode === 'register' ? t.passwordHint : undefined}
        />
        {mode === 'register' && (
          <Field
            label={t.displayName}
            name="displayName"
            autoComplete="organization"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            error={form.errorOf('displayName')}
          />
        )}
        {form.message && (
          <p className="form-error" role="alert">
            {form.message}
          </p>
        )}
        {mode === 'register' && <p className="muted">{t.registerNote}</p>}
        <button type="submit" className="primary" disabled={form.busy}>
          {mode === 'signIn' ? t.signIn : t.register}
        </button>
      </form>
    </Dialog>
  );
}
