import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { listen } from '../api/listen.js';
import { readConfig } from '../data/config.js';
import { openTestDb, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

const PASSWORD = 'limits hold firmly';

describe('limits that hold (PostgreSQL)', () => {
  let db: TestDb;
  const servers: Server[] = [];

  /** The app on a real socket from 127.0.0.1, so the peer address is what the proxy rules see. */
  const serve = async (options: Parameters<typeof createApp>[1]) => {
    const { server, origin } = await listen(
      createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, ...options }),
      0,
      '127.0.0.1',
    );
    servers.push(server);
    const login = async (forwardedFor?: string, email = 'nobody@example.vn') => {
      const res = await fetch(`${origin}/api/auth/login`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Origin: origin,
          ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}),
        },
        body: JSON.stringify({ email, password: 'not the password' }),
      });
      await res.arrayBuffer();
      return res.status;
    };
    return { origin, login };
  };

  beforeAll(async () => {
    db = await openTestDb('postgres');
    await seedAccount(db, 'lan@example.vn', 'business', null, PASSWORD);
  });
  afterAll(async () => {
    for (const s of servers) s.close();
    await db?.dispose();
  });

  it('takes the right-most untrusted X-Forwarded-For hop: a forged left-most entry is still limited', async () => {
    // nginx's $proxy_add_x_forwarded_for: whatever the client sent, then the address nginx saw
    const { login } = await serve({ trustProxy: true, rateLimits: { loginAttemptsPerIp: 3 } });
    const forged = (i: number) => `${i}.${i}.${i}.${i}, 203.0.113.7`;
    const statuses = [];
    for (let i = 1; i <= 5; i++) statuses.push(await login(forged(i)));
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // another client behind the same proxy has its own budget
    expect(await login('1.1.1.1, 203.0.113.8')).toBe(401);
    // hops through trusted proxies are skipped: the client is the one before them
    expect(await login('9.9.9.9, 203.0.113.7, 127.0.0.1')).toBe(429);
  });

  it('believes X-Forwarded-For only from a configured proxy, CIDR ranges included', async () => {
    // the socket's peer (127.0.0.1) is not in the list: its header is the client's own writing
    const untrusted = await serve({ trustProxy: ['10.0.0.0/8'], rateLimits: { loginAttemptsPerIp: 2 } });
    expect([await untrusted.login('203.0.113.1'), await untrusted.login('203.0.113.2')]).toEqual([401, 401]);
    expect(await untrusted.login('203.0.113.3')).toBe(429);
    // a chain through a trusted range: 10.1.2.3 is a proxy, 198.51.100.1 the client
    const chained = await serve({ trustProxy: ['127.0.0.1', '10.0.0.0/8'], rateLimits: { loginAttemptsPerIp: 2 } });
    expect(await chained.login('6.6.6.6, 198.51.100.1, 10.1.2.3')).toBe(401);
    expect(await chained.login('7.7.7.7, 198.51.100.1, 10.200.0.9')).toBe(401);
    expect(await chained.login('8.8.8.8, 198.51.100.1, 10.1.2.3')).toBe(429);
    expect(await chained.login('198.51.100.2, 10.1.2.3')).toBe(401);
  });

  it('reads the trusted proxies from the environment', () => {
    expect(readConfig({}).trustProxy).toBe(false);
    expect(readConfig({ SAFEMAP_TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(readConfig({ SAFEMAP_TRUSTED_PROXIES: '127.0.0.1, ::1,10.0.0.0/8' }).trustProxy).toEqual([
      '127.0.0.1',
      '::1',
      '10.0.0.0/8',
    ]);
    expect(() => readConfig({ SAFEMAP_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/SAFEMAP_TRUSTED_PROXIES/);
    expect(() => readConfig({ SAFEMAP_TRUSTED_PROXIES: 'proxy.local' })).toThrow(/SAFEMAP_TRUSTED_PROXIES/);
  });

  it('keeps sign-in and registration out of the write budget: 130 sign-outs do not block signing in', async () => {
    const app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS });
    const statuses: number[] = [];
    for (let i = 0; i < 130; i++) statuses.push((await new Client(app).send('POST', '/api/auth/logout')).status);
    // the sign-outs themselves are limited (120 writes a minute per address)
    expect(statuses.filter((s) => s === 429).length).toBe(10);
    const c = new Client(app);
    expect((await c.login('lan@example.vn', PASSWORD)).status).toBe(200);
    expect(
      (await new Client(app).send('POST', '/api/auth/register', { email: 'new@example.vn', password: PASSWORD }))
        .status,
    ).toBe(202);
  });

  it('limits password changes like sign-in: wrong current passwords lock the account for both', async () => {
    let clock = Date.parse('2026-12-01T00:00:00Z');
    const app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, now: () => clock });
    await seedAccount(db, 'minh@example.vn', 'business', null, PASSWORD);
    const thief = new Client(app);
    expect((await thief.login('minh@example.vn', PASSWORD)).status).toBe(200);
    const change = (currentPassword: string) =>
      thief.send('POST', '/api/auth/password', { currentPassword, newPassword: 'a fresh long phrase' });
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      expect((await change(`guess number ${i}`)).status).toBe(422);
    }
    const sixth = await change(PASSWORD);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    // the same account budget as sign-in
    expect((await new Client(app).login('minh@example.vn', PASSWORD)).status).toBe(429);
    clock += 60_000;
    expect((await change(PASSWORD)).status).toBe(200);
  });
});
