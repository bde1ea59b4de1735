import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { weakPassword } from '../api/auth/password-policy.js';
import { openTestDb, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

const PASSWORD = 'quiet river lantern';

describe('passwords too easy to guess (NIST SP 800-63B)', () => {
  const context = { email: 'lan.nguyen@example.vn', displayName: 'Cửa hàng Hoa Mai' };

  it.each([
    ['aaaaaaaaaa', 'repetitive'],
    ['abcabcabcabc', 'repetitive'],
    ['1234567890', 'sequence'],
    ['0987654321', 'sequence'],
    ['qwertyuiop', 'sequence'],
    ['zxcvbnm123', 'sequence'],
    ['password12', 'common'],
    ['Password123!', 'common'],
    ['p@ssw0rd2024', 'common'],
    ['iloveyou99', 'common'],
    ['anhyeuem123', 'common'],
    ['matkhau2021', 'common'],
    ['welcome2021', 'common'],
    ['lan.nguyen@example.vn', 'context'],
    ['lannguyen1990', 'context'],
    ['cuahanghoamai', 'context'],
    ['safemap2024', 'context'],
    ['SafeMap!!!!', 'context'],
    ['Hanoi12345', 'context'],
    ['Hà Nội 2021', 'context'],
  ])('refuses %s (%s)', (password, reason) => {
    expect(weakPassword(password, context)).toBe(reason);
  });

  it.each(['correct horse battery', 'a new long password', 'Trâu ăn cỏ bên sông', 'Xk9#mPq2vL', '7x9k2m4q8z'])(
    'accepts %s',
    (password) => {
      expect(weakPassword(password, context)).toBeUndefined();
    },
  );
});

describe('registration and password change over HTTP (PostgreSQL)', () => {
  let db: TestDb;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    db = await openTestDb('postgres');
    app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS });
    await seedAccount(db, 'known@example.vn', 'business', null, PASSWORD);
  });
  afterAll(() => db?.dispose());

  const register = (body: Record<string, unknown>) => new Client(app).send('POST', '/api/auth/register', body);

  it('refuses a weak password with 422 naming the field, in Vietnamese and English', async () => {
    for (const [password, displayName] of [
      ['aaaaaaaaaa', undefined],
      ['password12', undefined],
      ['thao@example.vn', undefined],
      ['Phạm Thảo 1990', 'Phạm Thảo'],
    ] as const) {
      const res = await register({ email: 'thao@example.vn', password, displayName });
      expect(res.status, password).toBe(422);
      const problem = await res.json();
      expect(problem.errors).toEqual([
        expect.objectContaining({ path: 'json.password', code: 'weak_password', params: expect.any(Object) }),
      ]);
      expect(problem.detail).toMatch(/Mật khẩu.* — .*password/);
    }
    expect(await db.query(`SELECT 1 FROM accounts WHERE email = 'thao@example.vn'`)).toHaveLength(0);
  });

  it('answers a registration of a known address exactly like a new one', async () => {
    const known = await register({ email: 'KNOWN@example.vn', password: 'some other phrase here' });
    const fresh = await register({ email: 'fresh@example.vn', password: 'some other phrase here' });
    expect(known.status).toBe(fresh.status);
    expect(await known.json()).toEqual(await fresh.json());
    const headerNames = (r: Response) =>
      [...r.headers.keys()].filter((h) => !['x-request-id', 'date'].includes(h)).sort();
    expect(headerNames(known)).toEqual(headerNames(fresh));
    expect(known.headers.get('set-cookie')).toBeNull();
    // the known account keeps its password; the new one signs in with what was registered
    expect((await new Client(app).login('known@example.vn', PASSWORD)).status).toBe(200);
    expect((await new Client(app).login('fresh@example.vn', 'some other phrase here')).status).toBe(200);
  });

  it('refuses a weak new password on a change', async () => {
    const c = new Client(app);
    await c.login('known@example.vn', PASSWORD);
    const res = await c.send('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'known12345' });
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0]).toMatchObject({ path: 'json.newPassword', code: 'weak_password' });
  });
});
