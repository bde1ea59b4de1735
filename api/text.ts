import type { FieldError } from './problem.js';

/**
 * The one rule for text a stranger sends: no NUL or other C0/C1 control characters, no lone UTF-16
 * surrogates (PostgreSQL refuses both, as text and in JSON columns), and NFC so that "Hoàn Kiếm"
 * typed on any keyboard is stored and compared as one string. Tab, newline and carriage return
 * are allowed only in the fields that hold multi-line text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Body fields whose text may span lines: CSV and GeoJSON files, free-text notes. */
export const MULTILINE_FIELDS = new Set(['csv', 'data', 'note', 'noteVi', 'noteEn', 'reason']);

/** What is wrong with one string, or undefined. */
export function textIssue(value: string, multiline = false): FieldError | undefined {
  if ((multiline ? CONTROL : CONTROL_OR_BREAK).test(value))
    return {
      path: '',
      message: multiline
        ? 'contains a control character (only tab and line breaks are allowed)'
        : 'contains a control character',
      code: 'control_character',
    };
  if (LONE_SURROGATE.test(value))
    return { path: '', message: 'contains an invalid character (a lone UTF-16 surrogate)', code: 'invalid_unicode' };
  return undefined;
}

/**
 * Checks every string (and object key) in validated input at any depth, naming each bad one by
 * its path (`json.contact.address`); when all are good, normalises them to NFC in place.
 */
export function cleanText(data: unknown, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (value: unknown, path: string, key: string): unknown => {
    if (typeof value === 'string') {
      const issue = textIssue(value, MULTILINE_FIELDS.has(key));
      if (issue) errors.push({ ...issue, path });
      return value.normalize('NFC');
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = visit(value[i], `${path}.${i}`, key);
      return value;
    }
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const record = value as Record<string, unknown>;
      for (const k of Object.keys(record)) {
        const issue = textIssue(k);
        if (issue) errors.push({ ...issue, path: `${path}.${JSON.stringify(k).slice(1, -1)}` });
        const v = visit(record[k], `${path}.${k}`, k);
        const nk = k.normalize('NFC');
        if (nk !== k) delete record[k];
        record[nk] = v;
      }
    }
    return value;
  };
  visit(data, prefix, '');
  return errors;
}

/** A raw URL's path and query checked by the same rule, before any route reads them. */
export function urlTextErrors(url: string): FieldError[] {
  const errors: FieldError[] = [];
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  for (const segment of path.split('/')) {
    const decoded = safeDecode(segment);
    const issue = decoded === undefined ? badEncoding() : textIssue(decoded);
    if (issue) {
      errors.push({ ...issue, path: 'path' });
      break;
    }
  }
  if (q !== -1) {
    for (const pair of url.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      const key = safeDecode((eq === -1 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      const value = eq === -1 ? '' : safeDecode(pair.slice(eq + 1).replace(/\+/g, ' '));
      const name = `query.${key === undefined || textIssue(key) ? '?' : key}`;
      const issue =
        key === undefined || value === undefined ? badEncoding() : (textIssue(key) ?? textIssue(value ?? ''));
      if (issue) errors.push({ ...issue, path: name });
    }
  }
  return errors;
}

const badEncoding = (): FieldError => ({
  path: '',
  message: 'is not valid percent-encoded UTF-8',
  code: 'invalid_encoding',
});

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
