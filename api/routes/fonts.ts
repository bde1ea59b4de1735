import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { notModified } from '../conditional.js';
import { ProblemError } from '../problem.js';
import { BinarySchema, problem } from '../schemas.js';
import { validationHook } from '../validation.js';

const glyphRoute = createRoute({
  method: 'get',
  path: '/fonts/{fontstack}/{range}',
  summary: 'MapLibre glyphs (SDF PBF) from the data directory',
  request: {
    params: z.object({
      fontstack: z.string().min(1).max(200),
      range: z.string().regex(/^\d{1,5}-\d{1,5}\.pbf$/, 'expected <start>-<end>.pbf'),
    }),
  },
  responses: {
    200: { description: 'Glyph PBF', content: { 'application/x-protobuf': { schema: BinarySchema } } },
    304: { description: 'Not modified (If-None-Match matched the ETag)' },
    400: problem('Malformed range'),
    404: problem('No such font or range'),
  },
});

/**
 * `/fonts/{fontstack}/{range}.pbf`. A fontstack lists fonts separated by commas; the first one
 * the data directory has is served. Names are matched against the directory listing, never
 * joined into a path as given.
 */
export function fontRoutes(dataDir: string | undefined) {
  const root = dataDir ? join(dataDir, 'fonts', 'fonts') : undefined;
  const fonts = root && existsSync(root) ? new Set(readdirSync(root)) : new Set<string>();
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(glyphRoute, (c) => {
    const { fontstack, range } = c.req.valid('param');
    const font = fontstack
      .split(',')
      .map((f) => f.trim())
      .find((f) => fonts.has(f));
    const file = font && root ? join(root, font, range) : undefined;
    if (!file || !existsSync(file)) throw new ProblemError(404, `No glyphs for "${fontstack}" ${range}.`);
    const stat = statSync(file);
    c.header('Cache-Control', 'public, max-age=86400, immutable');
    if (notModified(c, `"${stat.size.toString(36)}-${Math.trunc(stat.mtimeMs).toString(36)}"`))
      return c.body(null, 304);
    return c.body(readFileSync(file), 200, { 'Content-Type': 'application/x-protobuf' });
  });
}
