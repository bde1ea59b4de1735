import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  getAccount,
  insertAccount,
  listAccounts,
  lockAccount,
  OFFICIAL_ROLES,
  SCOPE_LEVEL,
  updateAccount,
} from '../../data/accounts.js';
import { unitExists } from '../../data/admin-units.js';
import { listAudit } from '../../data/audit.js';
import { audit } from '../auth/audit.js';
import { requireRole } from '../auth/authorize.js';
import type { AuthDeps } from '../auth/deps.js';
import { generatePassword, hashPassword } from '../auth/password.js';
import { requireStrongPassword } from '../auth/password-policy.js';
import type { AppEnv } from '../auth/session.js';
import { ProblemError } from '../problem.js';
import { AccountSchema, EmailSchema, jsonBody, PasswordSchema, problem } from '../schemas.js';
import { validationHook } from '../validation.js';

const SCOPE_CODE = { ward: /^\d{5}$/, district: /^\d{3}$/, city: /^\d{2}$/ } as const;

const listRoute = createRoute({
  method: 'get',
  path: '/api/accounts',
  summary: 'Accounts (city admins only)',
  request: {
    query: z.object({
      role: z.enum(['business', ...OFFICIAL_ROLES]).optional(),
      q: z.string().trim().min(1).max(100).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: {
      description: 'Accounts, newest first',
      content: { 'application/json': { schema: z.object({ accounts: z.array(AccountSchema) }) } },
    },
    401: problem('Not signed in'),
    403: problem('Not a city admin'),
  },
});

const createAccountRoute = createRoute({
  method: 'post',
  path: '/api/accounts',
  summary: 'Create an official account (city admins only)',
  description:
    'Without `password`, one is generated and returned once in `generatedPassword`; pass it to the official privately.',
  request: {
    body: jsonBody(
      z.strictObject({
        email: EmailSchema,
        role: z.enum(OFFICIAL_ROLES),
        scopeCode: z.string().regex(/^\d{2,5}$/, 'a unit code: 5 digits for a ward, 3 for a district, 2 for the city'),
        displayName: z.string().trim().min(1).max(100),
        password: PasswordSchema.optional(),
      }),
    ),
  },
  responses: {
    201: {
      description: 'Created',
      content: {
        'application/json': {
          schema: z.object({ account: AccountSchema, generatedPassword: z.string().optional() }),
        },
      },
    },
    401: problem('Not signed in'),
    403: problem('Not a city admin'),
    409: problem('Address already registered'),
    422: problem('Invalid input or unknown scope unit'),
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/api/accounts/{id}',
  summary: 'Rename, disable or re-enable an account (city admins only); disabling ends its sessions',
  request: {
    params: z.object({ id: z.uuid() }),
    body: jsonBody(
      z.strictObject({ displayName: z.string().trim().min(1).max(100).optional(), disabled: z.boolean().optional() }),
    ),
  },
  responses: {
    200: { description: 'The account', content: { 'application/json': { schema: AccountSchema } } },
    401: problem('Not signed in'),
    403: problem('Not a city admin'),
    404: problem('No such account'),
    409: problem('You cannot disable yourself'),
  },
});

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.object({ id: z.string().nullable(), email: z.string().nullable(), role: z.string().nullable() }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    unit: z.object({ level: z.string(), code: z.string() }).nullable().optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    requestId: z.string().optional(),
  })
  .openapi('AuditEntry');

const auditRoute = createRoute({
  method: 'get',
  path: '/api/audit',
  summary: 'The audit log of writes, newest first (city admins only)',
  request: {
    query: z.object({
      entityType: z.string().max(50).optional(),
      entityId: z.string().max(100).optional(),
      actorId: z.uuid().optional(),
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: {
      description: 'Entries',
      content: { 'application/json': { schema: z.object({ entries: z.array(AuditEntrySchema) }) } },
    },
    401: problem('Not signed in'),
    403: problem('Not a city admin'),
  },
});

/** City admins manage official accounts and read the audit log. */
export function accountRoutes({ db, passwordParams }: AuthDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      requireRole(c, 'city_admin');
      return c.json({ accounts: await listAccounts(db, c.req.valid('query')) }, 200);
    })
    .openapi(createAccountRoute, async (c) => {
      requireRole(c, 'city_admin');
      const { email, role, scopeCode, displayName, password } = c.req.valid('json');
      const level = SCOPE_LEVEL[role];
      if (!SCOPE_CODE[level].test(scopeCode) || !(await unitExists(db, level, scopeCode))) {
        throw new ProblemError(422, `A ${role} acts on a ${level}; there is no ${level} with code ${scopeCode}.`, [
          { path: 'json.scopeCode', message: `no ${level} with this code`, code: 'unknown_unit', params: { level } },
        ]);
      }
      if (password) requireStrongPassword(password, { email, displayName }, 'json.password');
      const generatedPassword = password ? undefined : generatePassword();
      const passwordHash = await hashPassword(password ?? (generatedPassword as string), passwordParams);
      const account = await db.transaction(async (tx) => {
        const created = await insertAccount(tx, {
          email,
          passwordHash,
          role,
          scope: { level, code: scopeCode },
          displayName,
          createdBy: c.get('actor')?.id,
        });
        if (created) {
          await audit(tx, c, {
            action: 'account.create',
            entityType: 'account',
            entityId: created.id,
            unit: { level, code: scopeCode },
            after: created,
          });
        }
        return created;
      });
      if (!account) {
        throw new ProblemError(409, `${email} is already registered.`, [
          { path: 'json.email', message: 'already registered', code: 'taken' },
        ]);
      }
      return c.json({ account, ...(generatedPassword ? { generatedPassword } : {}) }, 201);
    })
    .openapi(updateRoute, async (c) => {
      const admin = requireRole(c, 'city_admin');
      const { id } = c.req.valid('param');
      const change = c.req.valid('json');
      if (id === admin.id && change.disabled) throw new ProblemError(409, 'You cannot disable your own account.');
      // last writer wins; "before" is read under the row's lock, so the audit trail is a chain
      const after = await db.transaction(async (tx) => {
        await lockAccount(tx, id);
        const before = await getAccount(tx, id);
        if (!before) throw new ProblemError(404, `There is no account ${id}.`);
        await updateAccount(tx, id, change);
        const updated = (await getAccount(tx, id)) as NonNullable<typeof before>;
        await audit(tx, c, {
          action: 'account.update',
          entityType: 'account',
          entityId: id,
          unit: before.scope,
          before,
          after: updated,
        });
        return updated;
      });
      return c.json(after, 200);
    })
    .openapi(auditRoute, async (c) => {
      requireRole(c, 'city_admin');
      const { before, ...filters } = c.req.valid('query');
      return c.json({ entries: await listAudit(db, { ...filters, beforeId: before }) }, 200);
    });
}
