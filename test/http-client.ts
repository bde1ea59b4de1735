import { hashPassword, type ScryptParams } from '../api/auth/password.js';
import { insertAccount, type Role, type UnitRef } from '../data/accounts.js';
import type { Queryable } from '../data/db.js';

/** scrypt cost for tests only: cheap, so suites can sign many people in. Production keeps PASSWORD_PARAMS. */
export const TEST_PASSWORD_PARAMS: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

interface App {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

/** A browser-like client of `app.request`: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  cookie?: string;
  csrfToken?: string;

  constructor(private readonly app: App) {}

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.Cookie = this.cookie;
    if (this.csrfToken && method !== 'GET' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrfToken;
    if (body !== undefined) h['Content-Type'] ??= 'application/json';
    const res = await this.app.request(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie?.startsWith('safemap_session=')) {
      const value = setCookie.split(';')[0];
      this.cookie = value === 'safemap_session=' ? undefined : value;
    }
    return res;
  }

  async login(email: string, password: string) {
    const res = await this.send('POST', '/api/auth/login', { email, password });
    if (res.status === 200) this.csrfToken = (await res.clone().json()).csrfToken;
    return res;
  }
}

/** Inserts an account straight into the database (officials are otherwise created by a city admin). */
export async function seedAccount(db: Queryable, email: string, role: Role, scope: UnitRef | null, password: string) {
  const account = await insertAccount(db, {
    email,
    passwordHash: await hashPassword(password, TEST_PASSWORD_PARAMS),
    role,
    scope,
  });
  if (!account) throw new Error(`${email} exists`);
  return account;
}
