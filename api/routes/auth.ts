import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { findLogin, insertAccount, passwordHashOf, updateAccount } from '../../data/accounts.js';
import {
  createSession,
  listSessions,
  revokeOtherSessions,
  revokeSession,
  revokeSessionById,
} from '../../data/sessions.js';
import { requireActor } from '../auth/authorize.js';
import type { AuthDeps } from '../auth/deps.js';
import { enforce } from '../auth/limits.js';
import { HASH_GATE, hashPassword, verifyPassword } from '../auth/password.js';
import { requireStrongPassword } from '../auth/password-policy.js';
import { type AppEnv, clearSessionCookie, clientIp, setSessionCookie } from '../auth/session.js';
import { ProblemError } from '../problem.js';
import { AccountSchema, EmailSchema, jsonBody, PasswordSchema, problem } from '../schemas.js';
import { validationHook } from '../validation.js';

const SignedIn = z.object({ account: AccountSchema, csrfToken: z.string() }).openapi('SignedIn');
const SessionState = z
  .object({ account: AccountSchema.nullable(), csrfToken: z.string().nullable() })
  .openapi('SessionState');

const Registered = z
  .object({ status: z.literal('accepted'), message: z.string() })
  .openapi('Registered', { description: 'The same answer whether or not the address was registered already' });

const REGISTERED_MESSAGE =
  'Nếu email này chưa có tài khoản, tài khoản đã được tạo: hãy đăng nhập. — ' +
  'If this email had no account, one has been created: sign in.';

const registerRoute = createRoute({
  method: 'post',
  path: '/api/auth/register',
  summary: 'Register a business account',
  description:
    'Answers 202 with the same body whether the address is new or registered already, so the answer does not tell ' +
    'who has an account; the caller then signs in with the same email and password. Passwords that are common, ' +
    'repetitive, sequential or built from the email, the name or the service are refused (422, code `weak_password`).',
  request: {
    body: jsonBody(
      z.strictObject({
        email: EmailSchema,
        password: PasswordSchema,
        displayName: z.string().trim().max(100).optional(),
      }),
    ),
  },
  responses: {
    202: { description: 'Accepted', content: { 'application/json': { schema: Registered } } },
    422: problem('Invalid input, or a password too easy to guess'),
    429: problem('Too many registrations from this address'),
  },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  summary: 'Sign in with email and password',
  description: 'After 5 wrong passwords for one account within a minute, further attempts get 429 with Retry-After.',
  request: { body: jsonBody(z.strictObject({ email: EmailSchema, password: z.string().min(1).max(200) })) },
  responses: {
    200: { description: 'Signed in; the session cookie is set', content: { 'application/json': { schema: SignedIn } } },
    401: problem('Wrong email or password'),
    422: problem('Invalid input'),
    429: problem('Too many attempts'),
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  summary: 'Sign out: the session is revoked and the cookie cleared',
  responses: { 204: { description: 'Signed out' } },
});

const sessionRoute = createRoute({
  method: 'get',
  path: '/api/auth/session',
  summary: 'Who is signed in, and the CSRF token their writes must carry',
  responses: { 200: { description: 'The session', content: { 'application/json': { schema: SessionState } } } },
});

const passwordRoute = createRoute({
  method: 'post',
  path: '/api/auth/password',
  summary: 'Change the password; every other session of the account is revoked',
  description: 'Limited like sign-in: wrong current passwords count against the account, attempts against the address.',
  request: {
    body: jsonBody(z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: PasswordSchema })),
  },
  responses: {
    200: {
      description: 'Changed',
      content: { 'application/json': { schema: z.object({ revokedSessions: z.number().int() }) } },
    },
    401: problem('Not signed in'),
    422: problem('Wrong current password, or a new one invalid or too easy to guess'),
    429: problem('Too many attempts'),
  },
});

const SessionInfoSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  userAgent: z.string().nullable(),
});
const sessionsRoute = createRoute({
  method: 'get',
  path: '/api/auth/sessions',
  summary: "The signed-in account's open sessions",
  responses: {
    200: {
      description: 'Sessions',
      content: { 'application/json': { schema: z.object({ sessions: z.array(SessionInfoSchema) }) } },
    },
    401: problem('Not signed in'),
  },
});
const revokeRoute = createRoute({
  method: 'delete',
  path: '/api/auth/sessions/{id}',
  summary: 'Revoke one of your sessions (e.g. a lost phone)',
  request: { params: z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, '16 hex digits') }) },
  responses: { 204: { description: 'Revoked' }, 401: problem('Not signed in'), 404: problem('No such session') },
});

/** Registration, sign-in and sign-out, the session and password change. */
export function authRoutes({ db, limiters, session, passwordParams }: AuthDeps) {
  // Unknown addresses still cost one hash, so timing does not tell which addresses exist.
  let dummyHash: Promise<string> | undefined;
  const now = () => new Date(session.now());

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(registerRoute, async (c) => {
      const ip = clientIp(c, session.trustProxy);
      await enforce(limiters.register, ip, 'registrations from your address');
      await limiters.register.hit(ip);
      const { email, password, displayName } = c.req.valid('json');
      requireStrongPassword(password, { email, displayName }, 'json.password');
      // hashed either way, so the time taken does not tell an existing address from a new one
      const passwordHash = await hashPassword(password, passwordParams);
      // an existing address is left as it is; the answer is the same
      await insertAccount(db, { email, passwordHash, role: 'business', scope: null, displayName });
      return c.json({ status: 'accepted' as const, message: REGISTERED_MESSAGE }, 202);
    })
    .openapi(loginRoute, async (c) => {
      const { email, password } = c.req.valid('json');
      const ip = clientIp(c, session.trustProxy);
      const accountKey = email.toLowerCase();
      await enforce(limiters.loginIp, ip, 'sign-in attempts from your address');
      await enforce(limiters.loginAccount, accountKey, 'wrong passwords for this account');
      await limiters.loginIp.hit(ip);
      // the rest holds a place at the hash gate: a flood is refused before the account is looked up
      return HASH_GATE.run(async () => {
        const login = await findLogin(db, email);
        dummyHash ??= hashPassword('not a password', passwordParams);
        const ok = await verifyPassword(password, login?.passwordHash ?? (await dummyHash));
        if (!login || !ok || login.account.disabled) {
          await limiters.loginAccount.hit(accountKey);
          throw new ProblemError(401, 'Wrong email or password.', [
            { path: 'json.password', message: 'wrong email or password', code: 'wrong_credentials' },
          ]);
        }
        await limiters.loginAccount.reset(accountKey);
        const opened = await createSession(db, login.account.id, now(), c.req.header('User-Agent'));
        setSessionCookie(c, opened.token, opened.expiresAt, session);
        return c.json({ account: login.account, csrfToken: opened.csrfToken }, 200);
      });
    })
    .openapi(logoutRoute, async (c) => {
      const actor = c.get('actor');
      if (actor) await revokeSession(db, actor.session.tokenHash);
      clearSessionCookie(c);
      return c.body(null, 204);
    })
    .openapi(sessionRoute, (c) => {
      const actor = c.get('actor');
      if (!actor) return c.json({ account: null, csrfToken: null }, 200);
      const { session: s, ...account } = actor;
      return c.json({ account, csrfToken: s.csrfToken }, 200);
    })
    .openapi(passwordRoute, async (c) => {
      const actor = requireActor(c);
      // limited like sign-in: a stolen session must not become a way to guess the password
      const ip = clientIp(c, session.trustProxy);
      const accountKey = actor.email.toLowerCase();
      await enforce(limiters.loginIp, ip, 'sign-in attempts from your address');
      await enforce(limiters.loginAccount, accountKey, 'wrong passwords for this account');
      await limiters.loginIp.hit(ip);
      const { currentPassword, newPassword } = c.req.valid('json');
      requireStrongPassword(newPassword, { email: actor.email, displayName: actor.displayName }, 'json.newPassword');
      return HASH_GATE.run(async () => {
        const stored = await passwordHashOf(db, actor.id);
        if (!stored || !(await verifyPassword(currentPassword, stored))) {
          await limiters.loginAccount.hit(accountKey);
          throw new ProblemError(422, 'The current password is wrong.', [
            { path: 'json.currentPassword', message: 'wrong password', code: 'wrong_credentials' },
          ]);
        }
        await limiters.loginAccount.reset(accountKey);
        const passwordHash = await hashPassword(newPassword, passwordParams);
        const revokedSessions = await db.transaction(async (tx) => {
          await updateAccount(tx, actor.id, { passwordHash });
          return revokeOtherSessions(tx, actor.id, actor.session.tokenHash);
        });
        return c.json({ revokedSessions }, 200);
      });
    })
    .openapi(sessionsRoute, async (c) => {
      const actor = requireActor(c);
      const sessions = await listSessions(db, actor.id, now());
      const current = actor.session.tokenHash.slice(0, 16);
      return c.json({ sessions: sessions.map((s) => ({ ...s, current: s.id === current })) }, 200);
    })
    .openapi(revokeRoute, async (c) => {
      const actor = requireActor(c);
      if (!(await revokeSessionById(db, actor.id, c.req.valid('param').id))) {
        throw new ProblemError(404, 'You have no open session with this id.');
      }
      return c.body(null, 204);
    });
}
