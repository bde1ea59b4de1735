import { describe, expect, it } from 'vitest';
import { lintOpenApi } from '../scripts/lint-openapi.js';

describe('the OpenAPI document', () => {
  it('is lint-clean: Redocly (recommended) and Spectral (spectral:oas) report no errors and no warnings', async () => {
    const results = await lintOpenApi();
    for (const r of results) expect(r.problems, r.tool).toEqual([]);
    expect(results.map((r) => [r.tool, r.errors, r.warnings])).toEqual([
      ['redocly', 0, 0],
      ['spectral', 0, 0],
    ]);
  }, 180_000);
});
