import type { Context } from 'hono';
import type { FieldError } from './problem.js';
import { problemResponse } from './problem.js';

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
  code?: string;
}

const PARAM_KEYS = ['minimum', 'maximum', 'format', 'expected', 'keys', 'values'] as const;

/** zod issues → field errors named by where the value came from (`query.z`). */
export function fieldErrors(target: string, issues: readonly ZodLikeIssue[]): FieldError[] {
  return issues.map((i) => {
    const params = Object.fromEntries(
      PARAM_KEYS.flatMap((k) => {
        const value = (i as unknown as Record<string, unknown>)[k];
        return value === undefined ? [] : [[k, value]];
      }),
    );
    return {
      path: [target, ...i.path.map(String)].join('.'),
      message: i.message,
      ...(i.code ? { code: i.code } : {}),
      ...(Object.keys(params).length > 0 ? { params } : {}),
    };
  });
}

/**
 * The default hook of every validated route: a failed check answers 400 for malformed path or
 * query values and 422 for a well-formed body that breaks the rules.
 */
export function validationHook(
  result: { success: boolean; target: string; error?: { issues: readonly ZodLikeIssue[] } },
  c: Context,
) {
  if (result.success || !result.error) return;
  const status = result.target === 'json' || result.target === 'form' ? 422 : 400;
  const errors = fieldErrors(result.target === 'param' ? 'path' : result.target, result.error.issues);
  return problemResponse(
    c,
    status,
    errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    errors,
    'validation-error',
  );
}
