import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DatabaseBusy } from '../data/db.js';

/**
 * One field error of a problem body: where (`query.q`, `path.code`) and what. `code` says what kind
 * of error, so the web can say it in the reader's language: a zod issue code (`too_small`,
 * `invalid_format`, …) or one of ours (`taken`, `outside_hanoi`, …); `params` the bound or format
 * the code refers to (`minimum: 10`, `format: 'email'`).
 */
export const FieldErrorSchema = z
  .object({
    path: z.string(),
    message: z.string(),
    code: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('FieldError');

/** RFC 9457 problem details: the one error body of every 4xx/5xx. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(FieldErrorSchema).optional(),
    /** on a 503: when to try again, in milliseconds (`Retry-After` says it in whole seconds) */
    retryAfterMs: z.number().int().optional(),
  })
  .openapi('Problem');

/** The types server and web share (the web imports them with `import type`). */
export type FieldError = z.infer<typeof FieldErrorSchema>;
export type Problem = z.infer<typeof ProblemSchema>;

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Request body too large',
  414: 'URL too long',
  415: 'Unsupported media type',
  422: 'Invalid input',
  429: 'Too many requests',
  431: 'Request headers too large',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** Thrown by handlers for any expected failure; `app.onError` turns it into a problem body. */
export class ProblemError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly slug = (TITLES[status] ?? 'error').toLowerCase().replace(/\s+/g, '-'),
    /** response headers the problem needs, e.g. `Retry-After` on a 429 */
    readonly headers: Record<string, string> = {},
    /** extension members of the body, e.g. `retryAfterMs` */
    readonly extensions: Partial<Problem> = {},
  ) {
    super(status, { message: detail });
  }
}

export function problemBody(
  status: number,
  detail: string,
  errors?: FieldError[],
  slug?: string,
  extensions: Partial<Problem> = {},
): Problem {
  const title = TITLES[status] ?? 'Error';
  return {
    type: `/api/problems/${slug ?? title.toLowerCase().replace(/\s+/g, '-')}`,
    title,
    status,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...extensions,
  };
}

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  errors?: FieldError[],
  slug?: string,
  extensions?: Partial<Problem>,
) {
  return c.json(problemBody(status, detail, errors, slug, extensions), status, {
    'Content-Type': 'application/problem+json',
  });
}

/** The `app.onError` handler: expected errors keep their status; anything else is a 500 without internals. */
export function onError(error: Error, c: Context) {
  if (error instanceof ProblemError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return problemResponse(c, error.status, error.detail, error.errors, error.slug, error.extensions);
  }
  if (error instanceof DatabaseBusy) {
    c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
    return problemResponse(c, 503, error.message, undefined, 'database-busy', { retryAfterMs: error.retryAfterMs });
  }
  if (error instanceof HTTPException) {
    if (error.status === 413) return problemResponse(c, 413, 'The request body is larger than this endpoint accepts.');
    return problemResponse(c, error.status, error.message || TITLES[error.status] || 'Error');
  }
  console.error(`[${c.req.method} ${c.req.path}]`, error);
  return problemResponse(c, 500, 'Something went wrong on our side; the request changed nothing.');
}
