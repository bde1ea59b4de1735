import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../data/db.js';
import { bumpLayerVersions } from '../../data/layer-versions.js';
import { insertPremises, listVisiblePremises, updatePremises } from '../../data/premises.js';
import { CLASS_BOUNDS, type RiskClass } from '../../domain/rules/assessment/score.js';
import { SECTORS } from '../../domain/rules/assessment/sectors.js';
import { audit } from '../auth/audit.js';
import { requireActor, requireRole } from '../auth/authorize.js';
import type { AppEnv } from '../auth/session.js';
import { requireWardAt } from '../places.js';
import { loadPremisesFor } from '../premises-access.js';
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
export const RiskClassSchema = z.enum(CLASS_BOUNDS.map(([c]) => c) as [RiskClass, ...RiskClass[]]);
const PremisesSchema = PremisesInputSchema.extend({
  id: z.uuid(),
  ownerId: z.uuid(),
  ward: z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string(), districtCode: z.string().nullable() }),
  level: z.object({ level: z.number(), week: z.string(), confirmed: z.boolean() }).nullable(),
  latest: z
    .object({
      id: z.uuid(),
      points: z.number(),
      riskIndex: z.number(),
      riskClass: RiskClassSchema,
      submittedAt: z.string(),
      validUntil: z.string(),
      status: z.enum(['valid', 'expired']),
      certificateCode: z.string(),
      flagged: z.boolean(),
    })
    .nullable(),
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
      class: RiskClassSchema.optional(),
      state: z.enum(['valid', 'expiring', 'expired', 'none', 'flagged']).optional(),
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

/** A business's premises, with the latest assessment; officials list those in their scope. */
export function premisesRoutes(db: Db, now: () => number) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      const actor = requireActor(c);
      const { ward, class: riskClass, ...opts } = c.req.valid('query');
      const premises = await listVisiblePremises(db, actor, {
        ...opts,
        wardCode: ward,
        riskClass,
        now: new Date(now()),
      });
      return c.json({ premises }, 200);
    })
    .openapi(createPremisesRoute, async (c) => {
      const actor = requireRole(c, 'business');
      const input = c.req.valid('json');
      const wardCode = await requireWardAt(db, input.lon, input.lat);
      const created = await db.transaction(async (tx) => {
        const p = await insertPremises(tx, actor.id, wardCode, input, new Date(now()));
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
      const [, premises] = await loadPremisesFor(c, db, c.req.valid('param').id, 'read', new Date(now()));
      return c.json(premises, 200);
    })
    .openapi(updateRoute, async (c) => {
      const [, before] = await loadPremisesFor(c, db, c.req.valid('param').id, 'write', new Date(now()));
      const input = c.req.valid('json');
      const wardCode = await requireWardAt(db, input.lon, input.lat);
      const after = await db.transaction(async (tx) => {
        const p = await updatePremises(tx, before.id, wardCode, input, new Date(now()));
        // its name, sector and place are on the public businesses layer
        if (p.latest) await bumpLayerVersions(tx, ['businesses']);
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
