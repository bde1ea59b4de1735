import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { findPublicBusinesses, verifyCertificate } from '../../data/assessments.js';
import type { Db } from '../../data/db.js';
import { SECTORS } from '../../domain/rules/assessment/sectors.js';
import type { AppEnv } from '../auth/session.js';
import { ProblemError } from '../problem.js';
import { problem } from '../schemas.js';
import { validationHook } from '../validation.js';
import { RiskClassSchema } from './premises.js';

/** `HN-XXXXX-XXXXX` (data/assessments.ts newCertificateCode) */
export const CertificateCodeSchema = z
  .string()
  .regex(/^HN-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/, 'a certificate code, e.g. HN-7K2QD-M9XWA');

const PublicBusinessSchema = z
  .object({
    premisesId: z.uuid(),
    name: z.string(),
    sector: z.enum(SECTORS),
    address: z.string(),
    ward: z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string() }),
    lon: z.number(),
    lat: z.number(),
    riskClass: RiskClassSchema,
    riskIndex: z.number(),
    submittedAt: z.string(),
    validUntil: z.string(),
    certificateCode: z.string(),
    status: z.enum(['valid', 'expired', 'superseded']),
  })
  .openapi('PublicBusiness');

const searchRoute = createRoute({
  method: 'get',
  path: '/api/businesses',
  summary: 'Published premises by name, accents ignored (public)',
  request: {
    query: z.object({
      q: z.string().trim().min(2).max(100),
      limit: z.coerce.number().int().min(1).max(50).default(10),
    }),
  },
  responses: {
    200: {
      description: 'Matches',
      content: { 'application/json': { schema: z.object({ businesses: z.array(PublicBusinessSchema) }) } },
    },
    400: problem('Bad query'),
  },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/businesses/{id}',
  summary: 'The public card of published premises: name, sector, class, valid-until (public)',
  request: { params: z.object({ id: z.uuid() }) },
  responses: {
    200: { description: 'The card', content: { 'application/json': { schema: PublicBusinessSchema } } },
    400: problem('Malformed id'),
    404: problem('No published assessment'),
  },
});
const verifyRoute = createRoute({
  method: 'get',
  path: '/api/verify/{code}',
  summary: 'Whether a certificate is valid, expired or superseded (public; no private data)',
  request: { params: z.object({ code: CertificateCodeSchema }) },
  responses: {
    200: { description: 'The certificate’s status', content: { 'application/json': { schema: PublicBusinessSchema } } },
    400: problem('Malformed code'),
    404: problem('No such certificate'),
  },
});

/** The public side of the safety map: search and cards of published premises, certificate checks. */
export function businessRoutes(db: Db, now: () => number) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(searchRoute, async (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json({ businesses: await findPublicBusinesses(db, { q, limit }, new Date(now())) }, 200);
    })
    .openapi(getRoute, async (c) => {
      const { id } = c.req.valid('param');
      const [found] = await findPublicBusinesses(db, { id, limit: 1 }, new Date(now()));
      if (!found) throw new ProblemError(404, `No published self-assessment for premises ${id}.`);
      return c.json(found, 200);
    })
    .openapi(verifyRoute, async (c) => {
      const { code } = c.req.valid('param');
      const found = await verifyCertificate(db, code, new Date(now()));
      if (!found) throw new ProblemError(404, `There is no certificate ${code}.`);
      return c.json(found, 200);
    });
}
