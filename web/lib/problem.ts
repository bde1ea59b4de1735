import type { FieldError, Problem } from '../../api/problem.js';

export type { FieldError };

/** A 4xx/5xx answer of the API, with its problem body. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly type = '',
    /** seconds the server asks to wait before trying again (503 while it prepares data, 429) */
    readonly retryAfter?: number,
  ) {
    super(detail);
  }

  /** The problem of a parsed body (or of a status alone when the body is not a problem). */
  static of(status: number, body: unknown, fallback: string, retryAfter?: number): ApiProblem {
    const p = (body && typeof body === 'object' ? body : {}) as Partial<Problem>;
    return new ApiProblem(status, String(p.detail ?? fallback), p.errors ?? [], p.type ?? '', retryAfter);
  }

  /** Field errors by field name (`json.email` → `email`). */
  byField(): Record<string, FieldError> {
    return Object.fromEntries(this.errors.map((e) => [e.path.split('.').slice(1).join('.') || e.path, e]));
  }
}

/** Anything with a status and a JSON body: a fetch Response or a typed client response. */
interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  json(): Promise<unknown>;
}

export async function readProblem(res: Answer): Promise<ApiProblem> {
  const after = Number(res.headers.get('Retry-After') ?? Number.NaN);
  const retryAfter = Number.isFinite(after) && after >= 0 ? after : undefined;
  try {
    return ApiProblem.of(res.status, await res.json(), res.statusText, retryAfter);
  } catch {
    return new ApiProblem(res.status, res.statusText || `HTTP ${res.status}`, [], '', retryAfter);
  }
}
