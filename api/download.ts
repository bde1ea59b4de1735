import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';

/** A `createRoute` 200 response that is a CSV file. */
export const csvResponse = (description: string) => ({
  description,
  content: { 'text/csv': { schema: z.string().openapi({ description: 'RFC 4180, UTF-8 with BOM, CRLF' }) } },
});

/**
 * A CSV file download (text from `toCsv`): UTF-8 with a byte-order mark, so spreadsheet programs
 * read Vietnamese names right, and a file name to save it under.
 */
export function csvDownload(c: Context, filename: string, csv: string) {
  return c.body(`\uFEFF${csv}`, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
  });
}

/** Headers of a GeoJSON file download. */
export const geojsonDownload = (filename: string) => ({
  'Content-Type': 'application/geo+json',
  'Content-Disposition': `attachment; filename="${filename}"`,
});
