import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHanoi } from '../../data/import/import-hanoi.js';
import { openTestDb, type TestDb } from '../../test/engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from '../../test/http-client.js';
import { createApp } from '../app.js';

const FIXTURE = new URL('../../test/fixtures/mini-hanoi/', import.meta.url).pathname;
const PASSWORD = 'correct horse battery';

describe('accounts and sessions (PostgreSQL)', () => {
  let db: TestDb;
  let clock = Date.parse('2026-11-22T03:00:00Z');
  const make = () => createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, now: () => clock, maxBodyBytes: 64 * 1024 });
  let app: ReturnType<typeof make>;

  beforeAll(async () => {
    db = await openTestDb('postgres');
    await importHanoi(db, FIXTURE);
    app = make();
  });
  afterAll(() => db?.dispose());

  it('registers a business that then signs in, and answers a second registration of the address alike', async () => {
    const lan = new Client(app);
    const res = await lan.send('POST', '/api/auth/register', { email: 'Lan@Example.vn', password: PASSWORD });
    expect(res.status).toBe(202);
    expect(res.headers.get('set-cookie')).toBeNull();
    const first = await res.json();
    const signedIn = await lan.login('lan@example.vn', PASSWORD);
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie') as string;
    expect(cookie).toMatch(/^safemap_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await signedIn.json()).account).toMatchObject({ email: 'Lan@Example.vn', role: 'business', scope: null });
    const again = await new Client(app).send('POST', '/api/auth/register', {
      email: 'lan@EXAMPLE.vn',
      password: 'another long phrase',
    });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(first);
    // the existing account is untouched: its own password still signs in
    expect((await new Client(app).login('lan@example.vn', 'another long phrase')).status).toBe(401);
    // the stored hash is scrypt with its parameters, never the password
    const [row] = await db.query<{ password_hash: string }>(
      `SELECT password_hash FROM accounts WHERE email = 'Lan@Example.vn'`,
    );
    expect(row.password_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('marks the cookie Secure over TLS, or always when configured', async () => {
    await new Client(app).send('POST', '/api/auth/register', { email: 'tls@example.vn', password: PASSWORD });
    const https = await app.request('https://safemap.test/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'tls@example.vn', password: PASSWORD }),
    });
    expect(https.headers.get('set-cookie')).toMatch(/; Secure/);
    const always = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, cookieSecure: 'always' });
    const res = await new Client(always).login('tls@example.vn', PASSWORD);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('answers 429 with Retry-After to the 6th wrong password in a minute, and lets the right one in after', async () => {
    await seedAccount(db, 'brute@example.vn', 'business', null, PASSWORD);
    const attacker = new Client(app);
    for (let i = 1; i <= 5; i++) {
      clock += 1000;
      expect((await attacker.login('brute@example.vn', `wrong-${i}-password`)).status).toBe(401);
    }
    clock += 1000;
    const sixth = await attacker.login('BRUTE@example.vn', 'wrong-6-password');
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(50);
    expect((await sixth.json()).type).toBe('/api/problems/rate-limited');
    // still locked inside the window, even with the right password
    expect((await new Client(app).login('brute@example.vn', PASSWORD)).status).toBe(429);
    clock += 60_000;
    expect((await new Client(app).login('brute@example.vn', PASSWORD)).status).toBe(200);
  });

  it('limits sign-in attempts per address across accounts when the proxy is trusted', async () => {
    const limited = createApp(db, {
      passwordParams: TEST_PASSWORD_PARAMS,
      trustProxy: true,
      rateLimits: { loginAttemptsPerIp: 3 },
    });
    const from = (ip: string) => ({ 'X-Forwarded-For': ip });
    for (let i = 0; i < 3; i++) {
      const res = await new Client(limited).send(
        'POST',
        '/api/auth/login',
        { email: `x${i}@example.vn`, password: 'x' },
        from('203.0.113.9'),
      );
      expect(res.status).toBe(401);
    }
    const fourth = await new Client(limited).send(
      'POST',
      '/api/auth/login',
      { email: 'y@example.vn', password: 'x' },
      from('203.0.113.9'),
    );
    expect(fourth.status).toBe(429);
    const other = await new Client(limited).send(
      'POST',
      '/api/auth/login',
      { email: 'y@example.vn', password: 'x' },
      from('203.0.113.10'),
    );
    expect(other.status).toBe(401);
  });

  it('limits registrations and writes per address', async () => {
    const limited = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, rateLimits: { registrationsPerIp: 2 } });
    for (const n of [1, 2]) {
      expect(
        (
          await new Client(limited).send('POST', '/api/auth/register', {
            email: `reg${n}@example.vn`,
            password: PASSWORD,
          })
        ).status,
      ).toBe(202);
    }
    const third = await new Client(limited).send('POST', '/api/auth/register', {
      email: 'reg3@example.vn',
      password: PASSWORD,
    });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);

    const writes = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, rateLimits: { writesPerActor: 2 } });
    const c = new Client(writes);
    expect((await c.login('lan@example.vn', PASSWORD)).status).toBe(200);
    const contact = {
      hotline: '1022',
      healthStationName: null,
      healthStationAddress: null,
      healthStationPhone: null,
      noteVi: null,
      noteEn: null,
    };
    // two writes allowed a minute (a business may not write there: 403), the third waits
    expect((await c.send('PUT', '/api/wards/00070/contact', contact)).status).toBe(403);
    expect((await c.send('PUT', '/api/wards/00070/contact', contact)).status).toBe(403);
    expect((await c.send('PUT', '/api/wards/00070/contact', contact)).status).toBe(429);
  });

  it('refuses a signed-in write without the CSRF token, with a forged one, or from another site', async () => {
    await seedAccount(db, 'officer@example.vn', 'ward_officer', { level: 'ward', code: '00070' }, PASSWORD);
    const officer = new Client(app);
    expect((await officer.login('officer@example.vn', PASSWORD)).status).toBe(200);
    const contact = {
      hotline: '024 3825 2222',
      healthStationName: 'Trạm Y tế phường Hoàn Kiếm',
      healthStationAddress: null,
      healthStationPhone: null,
      noteVi: null,
      noteEn: null,
    };
    const missing = await officer.send('PUT', '/api/wards/00070/contact', contact, { 'X-CSRF-Token': '' });
    expect(missing.status).toBe(403);
    expect((await missing.json()).type).toBe('/api/problems/csrf');
    const forged = await officer.send('PUT', '/api/wards/00070/contact', contact, { 'X-CSRF-Token': 'A'.repeat(43) });
    expect(forged.status).toBe(403);
    const crossSite = await officer.send('PUT', '/api/wards/00070/contact', contact, {
      Origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
    expect((await db.query('SELECT 1 FROM unit_contacts')).length).toBe(0);
    const ok = await officer.send('PUT', '/api/wards/00070/contact', contact, { Origin: 'http://localhost' });
    expect(ok.status).toBe(200);
    expect((await (await app.request('/api/wards/00070/contact')).json()).hotline).toBe('024 3825 2222');
  });

  it('audits official writes with actor, before, after and request id', async () => {
    const [entry] = await db.query<Record<string, unknown>>(
      `SELECT * FROM audit_log WHERE action = 'ward_contact.update' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry).toMatchObject({
      actor_email: 'officer@example.vn',
      actor_role: 'ward_officer',
      entity_id: '00070',
      unit_code: '00070',
    });
    expect(entry.before).toMatchObject({ hotline: null });
    expect(entry.after).toMatchObject({ hotline: '024 3825 2222' });
    expect(entry.request_id).toMatch(/^[\w-]{10,}$/);
  });

  it('revokes the other sessions on a password change, and ends a session on logout', async () => {
    await seedAccount(db, 'minh@example.vn', 'business', null, PASSWORD);
    const phone = new Client(app);
    const laptop = new Client(app);
    await phone.login('minh@example.vn', PASSWORD);
    await laptop.login('minh@example.vn', PASSWORD);
    const sessions = await (await laptop.send('GET', '/api/auth/sessions')).json();
    expect(sessions.sessions).toHaveLength(2);
    const wrong = await laptop.send('POST', '/api/auth/password', {
      currentPassword: 'nope',
      newPassword: 'a new long password',
    });
    expect(wrong.status).toBe(422);
    const changed = await laptop.send('POST', '/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'a new long password',
    });
    expect(await changed.json()).toEqual({ revokedSessions: 1 });
    expect((await (await phone.send('GET', '/api/auth/session')).json()).account).toBeNull();
    expect((await (await laptop.send('GET', '/api/auth/session')).json()).account.email).toBe('minh@example.vn');
    expect((await laptop.send('POST', '/api/auth/logout')).status).toBe(204);
    expect(laptop.cookie).toBeUndefined();
    expect((await new Client(app).login('minh@example.vn', 'a new long password')).status).toBe(200);
  });

  it('expires an idle session', async () => {
    const c = new Client(app);
    await c.login('lan@example.vn', PASSWORD);
    clock += 15 * 24 * 3600_000;
    expect((await (await c.send('GET', '/api/auth/session')).json()).account).toBeNull();
  });
});
