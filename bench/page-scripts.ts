// What a page's scripts are made of: each built file's gzip size split by the package (or our source
// file) its bytes come from, read from the build's source maps. Each source's code is gzipped alone
// and the file's real gzip size shared out in proportion, so the parts add up to the file.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One source-map segment's VLQ fields. */
function vlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = B64.indexOf(c);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >> 1) : value >> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** `maplibre-gl`, `@tanstack/query-core`, or our own `web/App.tsx`. */
const owner = (source: string) =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ?? source.replace(/^(?:\.\.\/)+/, '');

/** Gzip bytes of `file` by owner; the whole file under `(no source map)` when it has none. */
export function gzipByOwner(file: string): Map<string, number> {
  const code = readFileSync(file, 'utf8');
  const total = gzipSync(code, { level: 9 }).length;
  if (!existsSync(`${file}.map`)) return new Map([['(no source map)', total]]);
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string };
  const lines = code.split('\n');
  const parts = new Map<string, string[]>();
  let source = 0;
  map.mappings.split(';').forEach((line, row) => {
    const segments = line.split(',').filter(Boolean).map(vlq);
    let column = 0;
    segments.forEach((s, i) => {
      column += s[0];
      if (s.length > 1) source += s[1];
      const end = i + 1 < segments.length ? column + segments[i + 1][0] : lines[row].length;
      const key = s.length > 1 ? owner(map.sources[source]) : '(unmapped)';
      const list = parts.get(key) ?? [];
      list.push(lines[row].slice(column, end));
      parts.set(key, list);
    });
  });
  const alone = new Map([...parts].map(([k, v]) => [k, gzipSync(v.join(''), { level: 9 }).length]));
  const sum = [...alone.values()].reduce((a, b) => a + b, 0);
  return new Map([...alone].map(([k, v]) => [k, (v * total) / sum]));
}

/** The owners of the given files' gzip bytes, largest first: npm packages by name, our code as one line. */
export function pageScriptOwners(files: string[]): [string, number][] {
  const sum = new Map<string, number>();
  for (const file of files)
    for (const [k, v] of gzipByOwner(file)) {
      // a package is named without an extension; our sources are files
      const key = /\.(tsx?|jsx?)$/.test(k) ? 'our code (web/, domain/)' : k;
      sum.set(key, (sum.get(key) ?? 0) + v);
    }
  return [...sum].sort((a, b) => b[1] - a[1]);
}
