import type { Context } from 'hono';
import type { FieldError } from './problem.js';
import { problemResponse } from './problem.js';

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

/** zod issues → field errors named by where the value came from (`query.z`). */
export function fieldErrors(target: string, issues: readonly ZodLikeIssue[]): FieldError[] {
  return issues.map((i) => ({ path: [target, ...i.path.map(String)].join('.'), message: i.message }));
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
