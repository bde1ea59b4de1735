import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../data/db.js';

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
    const [[schema], counts, [last]] = await Promise.all([
      db.query<{ version: string }>('SELECT max(version) AS version FROM schema_migrations'),
      db.query<{ level: string; n: number; population: number | null }>(
        `SELECT level, count(*)::int AS n, sum(population)::bigint AS population FROM admin_units GROUP BY level`,
      ),
      db.query<{ source_dir: string; imported_at: Date }>(
        'SELECT source_dir, imported_at FROM data_imports ORDER BY id DESC LIMIT 1',
      ),
    ]);
    const count = (level: string) => counts.find((r) => r.level === level)?.n ?? 0;
    return c.json(
      {
        status: 'ok' as const,
        engine: db.engine,
        schemaVersion: schema?.version ?? '',
        counts: { city: count('city'), districts: count('district'), wards: count('ward') },
        population: counts.find((r) => r.level === 'ward')?.population ?? null,
        dataLoaded: count('ward') > 0,
        lastImport: last ? { sourceDir: last.source_dir, importedAt: new Date(last.imported_at).toISOString() } : null,
      },
      200,
    );
  });
}
