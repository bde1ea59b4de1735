import { z } from '@hono/zod-openapi';
import { PHONE_PATTERN } from '../data/phone.js';
import { ProblemSchema } from './problem.js';

/** A problem response entry for `createRoute`'s `responses`. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

export const WardCodeSchema = z
  .string()
  .regex(/^\d{5}$/, 'a ward code is 5 digits, e.g. 00070')
  .openapi({ param: { name: 'code', in: 'path' }, example: '00070' });

/**
 * A required JSON request body. `required` matters: without it @hono/zod-openapi skips
 * validation when the Content-Type is not JSON, and the handler would see an empty object.
 */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const EmailSchema = z.email({ error: 'not an email address' }).max(254).openapi({ example: 'lan@example.vn' });
export const PasswordSchema = z.string().min(10, 'at least 10 characters').max(200, 'at most 200 characters');

export const UnitRefSchema = z.object({
  level: z.enum(['city', 'district', 'ward', 'group']),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
});

export const AccountSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.enum(['business', 'ward_officer', 'district_officer', 'city_admin']),
    displayName: z.string(),
    scope: UnitRefSchema.nullable(),
    createdAt: z.string(),
    disabled: z.boolean(),
  })
  .openapi('Account');

/** A phone number people can call, or null. */
export const PhoneSchema = z.string().trim().regex(PHONE_PATTERN, 'a phone number, e.g. 024 3825 2222').nullable();

/** Bytes that are not JSON (tiles, glyphs): documented as a binary string. */
export const BinarySchema = z.string().openapi({ format: 'binary' });
