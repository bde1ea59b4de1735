import type { Context } from 'hono';
import type { RowIssue } from '../data/import/csv.js';
import { type FieldError, ProblemError, problemResponse } from './problem.js';
import { cleanText } from './text.js';

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
 * query values and 422 for a well-formed body that breaks the rules. Input that passes its schema
 * is held to the one text rule (api/text.ts) and normalised to NFC before the handler sees it.
 */
export function validationHook(
  result: { success: boolean; target: string; data?: unknown; error?: { issues: readonly ZodLikeIssue[] } },
  c: Context,
) {
  const status = result.target === 'json' || result.target === 'form' ? 422 : 400;
  const target = result.target === 'param' ? 'path' : result.target;
  if (result.success) {
    const errors = cleanText(result.data, target);
    if (errors.length === 0) return;
    return problemResponse(
      c,
      status,
      errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
      'validation-error',
    );
  }
  if (!result.error) return;
  const errors = fieldErrors(target, result.error.issues);
  return problemResponse(
    c,
    status,
    errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    errors,
    'validation-error',
  );
}

/**
 * The one all-or-nothing rule of file imports: any row outside the importer's scope refuses the
 * file with 403, any other bad row with 422; each problem is listed as `<prefix>.row<N>.<column>`.
 */
export function refuseBadRows(prefix: string, errors: RowIssue[], outOfScope: RowIssue[]): void {
  const listed = (issues: RowIssue[]): FieldError[] =>
    [...issues]
      .sort((a, b) => a.row - b.row)
      .map((e) => ({
        path: `${prefix}.row${e.row}.${e.column}`,
        message: `row ${e.row}, ${e.column || 'file'}: ${e.message}`,
        code: e.code,
        params: { row: e.row, column: e.column, ...(e.value !== undefined ? { value: e.value } : {}) },
      }));
  if (outOfScope.length > 0) {
    throw new ProblemError(
      403,
      `${outOfScope.length} row(s) are outside your scope; nothing was imported.`,
      listed(outOfScope),
    );
  }
  if (errors.length > 0) {
    const rows = new Set(errors.map((e) => e.row)).size;
    throw new ProblemError(422, `${rows} row(s) have errors; nothing was imported.`, listed(errors), 'invalid-rows');
  }
}
