import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { getContact, putContact } from '../../data/contacts.js';
import type { Db } from '../../data/db.js';
import { wardExists } from '../../data/wards.js';
import { audit } from '../auth/audit.js';
import { requireUnitInScope } from '../auth/authorize.js';
import type { AppEnv } from '../auth/session.js';
import { ProblemError } from '../problem.js';
import { jsonBody, PhoneSchema, problem, WardCodeSchema } from '../schemas.js';
import { validationHook } from '../validation.js';

const Text = (max: number) => z.string().trim().max(max).nullable();

const ContactSchema = z
  .object({
    hotline: PhoneSchema,
    healthStationName: Text(200),
    healthStationAddress: Text(300),
    healthStationPhone: PhoneSchema,
    noteVi: Text(1000),
    noteEn: Text(1000),
    updatedAt: z.string().nullable(),
  })
  .openapi('UnitContact');
const ContactInput = ContactSchema.omit({ updatedAt: true }).strict();

const getRoute = createRoute({
  method: 'get',
  path: '/api/wards/{code}/contact',
  summary: "The ward's hotline and health station",
  request: { params: z.object({ code: WardCodeSchema }) },
  responses: {
    200: {
      description: 'Contact (fields null when not yet entered)',
      content: { 'application/json': { schema: ContactSchema } },
    },
    400: problem('Malformed code'),
    404: problem('No ward with this code'),
  },
});

const putRoute = createRoute({
  method: 'put',
  path: '/api/wards/{code}/contact',
  summary: "Set the ward's hotline and health station (officials of the ward, its district, or the city)",
  request: { params: z.object({ code: WardCodeSchema }), body: jsonBody(ContactInput) },
  responses: {
    200: { description: 'Saved', content: { 'application/json': { schema: ContactSchema } } },
    401: problem('Not signed in'),
    403: problem('Ward outside your scope'),
    404: problem('No ward with this code'),
    422: problem('Invalid input'),
  },
});

/** A ward's contact: read by anyone, written by the officials whose scope covers the ward. */
export function wardContactRoutes(db: Db) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(getRoute, async (c) => {
      const { code } = c.req.valid('param');
      if (!(await wardExists(db, code))) throw new ProblemError(404, `There is no ward with code ${code}.`);
      return c.json(await getContact(db, { level: 'ward', code }), 200);
    })
    .openapi(putRoute, async (c) => {
      const unit = { level: 'ward' as const, code: c.req.valid('param').code };
      const actor = await requireUnitInScope(c, db, unit);
      const input = c.req.valid('json');
      const saved = await db.transaction(async (tx) => {
        const before = await getContact(tx, unit);
        const after = await putContact(tx, unit, input, actor.id);
        await audit(tx, c, {
          action: 'ward_contact.update',
          entityType: 'ward_contact',
          entityId: unit.code,
          unit,
          before,
          after,
        });
        return after;
      });
      return c.json(saved, 200);
    });
}
