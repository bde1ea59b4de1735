/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into records keyed by the
 * header row. Throws with the line number when a quote is left open.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line++;
    } else field += ch;
  }
  if (quoted) throw new Error(`unterminated quoted field (line ${line})`);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  if (!header) return [];
  return body.map((r, n) => {
    if (r.length !== header.length) {
      throw new Error(`row ${n + 2} has ${r.length} fields, the header has ${header.length}`);
    }
    return Object.fromEntries(header.map((h, k) => [h.replace(/^\uFEFF/, ''), r[k]]));
  });
}

/** A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
const csvField = (value: unknown) => {
  const s = value == null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The one CSV writer: RFC 4180, a header row, CRLF after every record (null and undefined are empty). */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

/**
 * One problem of one row of an imported file (CSV line, the header being line 1, or GeoJSON
 * feature number), with a code the web says in the reader's language: the one row-error shape of
 * every import (indicators, resources), refused together by `refuseBadRows`.
 */
export interface RowIssue<Code extends string = string> {
  row: number;
  column: string;
  code: Code;
  value?: string;
  message: string;
}
