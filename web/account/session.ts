import { api, ok, setCsrfToken } from '../lib/api-client.js';

export type SessionState = Awaited<ReturnType<typeof fetchSession>>;
export type Account = NonNullable<SessionState['account']>;

export async function fetchSession() {
  const state = await ok(await api.api.auth.session.$get());
  setCsrfToken(state.csrfToken);
  return state;
}

export async function signIn(email: string, password: string) {
  const state = await ok(await api.api.auth.login.$post({ json: { email, password } }));
  setCsrfToken(state.csrfToken);
  return state.account;
}

export async function registerBusiness(email: string, password: string, displayName?: string) {
  const state = await ok(await api.api.auth.register.$post({ json: { email, password, displayName } }));
  setCsrfToken(state.csrfToken);
  return state.account;
}

export async function signOut() {
  await api.api.auth.logout.$post();
  setCsrfToken(null);
}

export async function changePassword(currentPassword: string, newPassword: string) {
  return ok(await api.api.auth.password.$post({ json: { currentPassword, newPassword } }));
}

/** Whether an official may act on a ward: their own ward, a ward of their district, or any as city admin. */
export function mayActOnWard(
  account: Account | null | undefined,
  ward: { code: string; district: { code: string } | null },
) {
  if (!account?.scope) return false;
  if (account.role === 'city_admin') return true;
  if (account.role === 'ward_officer') return account.scope.code === ward.code;
  return account.role === 'district_officer' && account.scope.code === ward.district?.code;
}
