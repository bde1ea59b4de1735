import { queryOptions } from '@tanstack/react-query';
import type { InferResponseType } from 'hono/client';
import { abortable, api, ok, setCsrfToken } from '../lib/api-client.js';

export type SessionState = InferResponseType<typeof api.api.auth.session.$get, 200>;
export type Account = NonNullable<SessionState['account']>;

/** Who is signed in (null: nobody); remembers the session's CSRF token for writes. */
export const sessionQuery = () =>
  queryOptions({
    queryKey: ['auth', 'session'],
    queryFn: async ({ signal }) => {
      const state = await ok(await api.api.auth.session.$get({}, abortable(signal)));
      setCsrfToken(state.csrfToken);
      return state;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });

export async function signIn(email: string, password: string) {
  const state = await ok(await api.api.auth.login.$post({ json: { email, password } }));
  setCsrfToken(state.csrfToken);
  return state;
}

/** Registers, then signs in: registration answers alike for new and known addresses (no enumeration). */
export async function registerBusiness(email: string, password: string, displayName?: string) {
  await ok(await api.api.auth.register.$post({ json: { email, password, displayName } }));
  return signIn(email, password);
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
