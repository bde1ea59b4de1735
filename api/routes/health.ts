import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { lastImport, unitCounts } from '../../data/admin-units.js';
import type { Db } from '../../data/db.js';
import { schemaVersion } from '../../data/migrate.js';

const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Engine, schema version and data counts',
  responses: {
    200: {
      description: 'Health',
      content: {
        'application/json': {
          schema: z.object({
            status: z.literal('ok'),
            engine: z.enum(['postgres', 'pglite']),
            schemaVersion: z.string(),
            counts: z.object({ city: z.number(), districts: z.number(), wards: z.number() }),
            population: z.number().nullable(),
            dataLoaded: z.boolean(),
            lastImport: z.object({ sourceDir: z.string(), importedAt: z.string() }).nullable(),
          }),
        },
      },
    },
  },
});

export function healthRoutes(db: Db) {
  return new OpenAPIHono().openapi(healthRoute, async (c) => {
    const [schema, counts, last] = await Promise.all([schemaVersion(db), unitCounts(db), lastImport(db)]);
    const count = (level: string) => counts.get(level)?.n ?? 0;
    return c.json(
      {
        status: 'ok' as const,
        engine: db.engine,
        schemaVersion: schema,
        counts: { city: count('city'), districts: count('district'), wards: count('ward') },
        population: counts.get('ward')?.population ?? null,
        dataLoaded: count('ward') > 0,
        lastImport: last,
      },
      200,
    );
  });
}
