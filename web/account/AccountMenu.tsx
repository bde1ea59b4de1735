import { useState } from 'react';
import { ACCOUNT_STRINGS } from '../i18n/account-strings.js';
import { ANALYSIS_STRINGS } from '../i18n/analysis-strings.js';
import { BUSINESS_STRINGS } from '../i18n/business-strings.js';
import { LEVEL_STRINGS } from '../i18n/level-strings.js';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import type { Lang } from '../i18n/strings.js';
import type { Account } from './session.js';

/** The header's account button: who is signed in and their scope, or the way to sign in. */
export function AccountMenu({
  lang,
  account,
  onSignIn,
  onSignOut,
  onChangePassword,
  onAdmin,
  onImport,
  onImportResources,
  onNewResource,
  onPremises,
  onAnalysis,
}: {
  lang: Lang;
  account: Account | null;
  onSignIn(): void;
  onSignOut(): void;
  onChangePassword(): void;
  onAdmin(): void;
  onImport(): void;
  onImportResources(): void;
  onNewResource(): void;
  /** own premises (business) or the premises in scope (officials) */
  onPremises(): void;
  /** the leaders' dashboard (officials) */
  onAnalysis(): void;
}) {
  const t = ACCOUNT_STRINGS[lang];
  const [open, setOpen] = useState(false);
  if (!account) {
    return (
      <button type="button" className="account" onClick={onSignIn} data-testid="sign-in">
        {t.signIn}
      </button>
    );
  }
  const scope = account.scope ? (lang === 'vi' ? account.scope.nameVi : account.scope.nameEn) : undefined;
  const pick = (action: () => void) => () => {
    setOpen(false);
    action();
  };
  return (
    <div className="account-menu">
      <button
        type="button"
        className="account"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="account"
      >
        <span className="who">{account.displayName || account.email}</span>
        <small>
          {t.roles[account.role]}
          {scope ? ` · ${scope}` : ''}
        </small>
      </button>
      {open && (
        <div className="menu" role="menu">
          <div className="muted">{account.email}</div>
          <button type="button" role="menuitem" onClick={pick(onPremises)} data-testid="menu-premises">
            {account.role === 'business' ? BUSINESS_STRINGS[lang].myPremises : BUSINESS_STRINGS[lang].businesses}
          </button>
          {account.role !== 'business' && (
            <button type="button" role="menuitem" onClick={pick(onAnalysis)} data-testid="menu-analysis">
              {ANALYSIS_STRINGS[lang].open}
            </button>
          )}
          {account.role === 'city_admin' && (
            <button type="button" role="menuitem" onClick={pick(onAdmin)}>
              {t.admin}
            </button>
          )}
          {account.role !== 'business' && (
            <button type="button" role="menuitem" onClick={pick(onImport)}>
              {LEVEL_STRINGS[lang].importCsv}
            </button>
          )}
          {account.role !== 'business' && (
            <button type="button" role="menuitem" onClick={pick(onNewResource)}>
              {RESOURCE_STRINGS[lang].newResource}
            </button>
          )}
          {account.role !== 'business' && (
            <button type="button" role="menuitem" onClick={pick(onImportResources)}>
              {RESOURCE_STRINGS[lang].importResources}
            </button>
          )}
          <button type="button" role="menuitem" onClick={pick(onChangePassword)}>
            {t.changePassword}
          </button>
          <button type="button" role="menuitem" onClick={pick(onSignOut)}>
            {t.signOut}
          </button>
        </div>
      )}
    </div>
  );
}
