const ENTITY_TAG = /[\s,]*(?:W\/)?"([^"]*)"\s*(?:,|$)/y;

/**
 * RFC 9110 §13.1.2 If-None-Match: true when the field matches `etag`, so a GET or HEAD answers 304.
 * `*` matches any current representation; otherwise a comma-separated list of entity tags compared
 * weakly (a `W/` prefix on either side is ignored). A malformed field matches nothing (the full
 * answer is always safe).
 */
export function ifNoneMatchHits(field: string | null | undefined, etag: string): boolean {
  if (!field) return false;
  if (field.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  ENTITY_TAG.lastIndex = 0;
  for (let m = ENTITY_TAG.exec(field); m; m = ENTITY_TAG.exec(field)) {
    if (`"${m[1]}"` === opaque) return true;
    if (ENTITY_TAG.lastIndex >= field.length) break;
  }
  return false;
}
