/** One field error of a problem body (see api/problem.ts). */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
  params?: Record<string, unknown>;
}

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

  /** Field errors by field name (`json.email` → `email`). */
  byField(): Record<string, FieldError> {
    return Object.fromEntries(this.errors.map((e) => [e.path.split('.').slice(1).join('.') || e.path, e]));
  }
}

export async function readProblem(res: Response): Promise<ApiProblem> {
  try {
    const body = await res.json();
    return new ApiProblem(res.status, String(body.detail ?? res.statusText), body.errors ?? [], body.type ?? '');
  } catch {
    return new ApiProblem(res.status, res.statusText || `HTTP ${res.status}`);
  }
}
