import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { unitChain } from '../../data/accounts.js';
import type { Db } from '../../data/db.js';
import {
  getPremises,
  insertPremises,
  listVisiblePremises,
  type Premises,
  SECTORS,
  updatePremises,
} from '../../data/premises.js';
import { audit } from '../auth/audit.js';
import { requireActor, requireRole, scopeCovers } from '../auth/authorize.js';
import type { Actor, AppEnv } from '../auth/session.js';
import { requireWardAt } from '../places.js';
import { ProblemError } from '../problem.js';
import { jsonBody, problem } from '../schemas.js';
import { validationHook } from '../validation.js';

const PremisesInputSchema = z.strictObject({
  name: z.string().trim().min(2).max(200),
  // mã số thuế: 10 digits, or 13 with a branch suffix (0101234567-001)
  taxCode: z
    .string()
    .trim()
    .regex(/^\d{10}(-\d{3})?$/, 'a tax code is 10 digits, or 10-3 for a branch'),
  sector: z.enum(SECTORS),
  address: z.string().trim().min(5).max(300),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  workers: z.number().int().min(0).max(1_000_000),
  floorAreaM2: z.number().positive().max(10_000_000),
});
const PremisesSchema = PremisesInputSchema.extend({
  id: z.uuid(),
  ownerId: z.uuid(),
  ward: z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string(), districtCode: z.string().nullable() }),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi('Premises');
const IdParam = z.object({ id: z.uuid() });

const listRoute = createRoute({
  method: 'get',
  path: '/api/premises',
  summary: 'Premises you may see: your own (business) or those in your scope (officials)',
  request: {
    query: z.object({
      q: z.string().trim().min(1).max(100).optional(),
      ward: z
        .string()
        .regex(/^\d{5}$/)
        .optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: {
      description: 'Premises',
      content: { 'application/json': { schema: z.object({ premises: z.array(PremisesSchema) }) } },
    },
    401: problem('Not signed in'),
  },
});
const createPremisesRoute = createRoute({
  method: 'post',
  path: '/api/premises',
  summary: 'Register premises (business accounts); the ward is derived from the point',
  request: { body: jsonBody(PremisesInputSchema) },
  responses: {
    201: { description: 'Registered', content: { 'application/json': { schema: PremisesSchema } } },
    401: problem('Not signed in'),
    403: problem('Not a business account'),
    422: problem('Invalid input, or the point is outside Hanoi'),
  },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/premises/{id}',
  summary: 'One premises (its owner, or officials whose scope covers its ward)',
  request: { params: IdParam },
  responses: {
    200: { description: 'The premises', content: { 'application/json': { schema: PremisesSchema } } },
    401: problem('Not signed in'),
    403: problem('Not yours and not in your scope'),
    404: problem('No such premises'),
  },
});
const updateRoute = createRoute({
  method: 'put',
  path: '/api/premises/{id}',
  summary: 'Update premises (its owner only)',
  request: { params: IdParam, body: jsonBody(PremisesInputSchema) },
  responses: {
    200: { description: 'Updated', content: { 'application/json': { schema: PremisesSchema } } },
    401: problem('Not signed in'),
    403: problem('Not yours'),
    404: problem('No such premises'),
    422: problem('Invalid input'),
  },
});

/** The premises when the actor owns it or (reading only) an official's scope covers its ward. */
async function loadFor(c: Context<AppEnv>, db: Db, id: string, access: 'read' | 'write'): Promise<[Actor, Premises]> {
  const actor = requireActor(c);
  const premises = await getPremises(db, id);
  if (!premises) throw new ProblemError(404, `There are no premises ${id}.`);
  if (premises.ownerId === actor.id) return [actor, premises];
  if (access === 'read' && actor.role !== 'business') {
    const chain = await unitChain(db, { level: 'ward', code: premises.ward.code });
    if (chain && scopeCovers(actor, chain)) return [actor, premises];
  }
  throw new ProblemError(
    403,
    access === 'write' ? 'Only the owner can change these premises.' : 'These premises are not yours to see.',
  );
}

/** A business's premises. Later issues add assessments; this is the owner/scope boundary. */
export function premisesRoutes(db: Db) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      const actor = requireActor(c);
      const { ward, ...opts } = c.req.valid('query');
      return c.json({ premises: await listVisiblePremises(db, actor, { ...opts, wardCode: ward }) }, 200);
    })
    .openapi(createPremisesRoute, async (c) => {
      const actor = requireRole(c, 'business');
      const input = c.req.valid('json');
      const wardCode = await requireWardAt(db, input.lon, input.lat);
      const created = await db.transaction(async (tx) => {
        const p = await insertPremises(tx, actor.id, wardCode, input);
        await audit(tx, c, {
          action: 'premises.create',
          entityType: 'premises',
          entityId: p.id,
          unit: { level: 'ward', code: wardCode },
          after: p,
        });
        return p;
      });
      return c.json(created, 201);
    })
    .openapi(getRoute, async (c) => {
      const [, premises] = await loadFor(c, db, c.req.valid('param').id, 'read');
      return c.json(premises, 200);
    })
    .openapi(updateRoute, async (c) => {
      const [, before] = await loadFor(c, db, c.req.valid('param').id, 'write');
      const input = c.req.valid('json');
      const wardCode = await requireWardAt(db, input.lon, input.lat);
      const after = await db.transaction(async (tx) => {
        const p = await updatePremises(tx, before.id, wardCode, input);
        await audit(tx, c, {
          action: 'premises.update',
          entityType: 'premises',
          entityId: p.id,
          unit: { level: 'ward', code: wardCode },
          before,
          after: p,
        });
        return p;
      });
      return c.json(after, 200);
    });
}
