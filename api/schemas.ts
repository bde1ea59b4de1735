import { z } from '@hono/zod-openapi';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** A problem response entry for `createRoute`'s `responses`. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

export const WardCodeSchema = z
  .string()
  .regex(/^\d{5}$/, 'a ward code is 5 digits, e.g. 00070')
  .openapi({ param: { name: 'code', in: 'path' }, example: '00070' });
