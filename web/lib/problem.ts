import type { FieldError, Problem } from '../../api/problem.js';

export type { FieldError };

/** A 4xx/5xx answer of the API, with its problem body. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly type = '',
  ) {
    super(detail);
  }

  /** The problem of a parsed body (or of a status alone when the body is not a problem). */
  static of(status: number, body: unknown, fallback: string): ApiProblem {
    const p = (body && typeof body === 'object' ? body : {}) as Partial<Problem>;
    return new ApiProblem(status, String(p.detail ?? fallback), p.errors ?? [], p.type ?? '');
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
  json(): Promise<unknown>;
}

export async function readProblem(res: Answer): Promise<ApiProblem> {
  try {
    return ApiProblem.of(res.status, await res.json(), res.statusText);
  } catch {
    return new ApiProblem(res.status, res.statusText || `HTTP ${res.status}`);
  }
}
