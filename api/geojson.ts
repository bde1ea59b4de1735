import { z } from '@hono/zod-openapi';
import type { FeatureText } from '../data/wards.js';

/**
 * GeoJSON (RFC 7946) response schemas, shared by every route that answers a FeatureCollection, so
 * the typed client sees the same shapes `@types/geojson` describes (a position is `number[]`).
 */
const Position = z.array(z.number()).min(2).max(3);

export const PointSchema = z.object({ type: z.literal('Point'), coordinates: Position }).openapi('Point');
export const PolygonSchema = z
  .object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) })
  .openapi('Polygon');
export const MultiPolygonSchema = z
  .object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) })
  .openapi('MultiPolygon');
/** An area: a polygon, or several (outer rings counter-clockwise, RFC 7946 §3.1.6). */
export const AreaSchema = z.discriminatedUnion('type', [PolygonSchema, MultiPolygonSchema]);

/** A Feature with the given geometry and properties; `id`, when there is one, a string (a code or uuid). */
export const featureSchema = <G extends z.ZodType, P extends z.ZodType>(geometry: G, properties: P) =>
  z.object({
    type: z.literal('Feature'),
    id: z.string().optional(),
    geometry,
    properties,
  });

/** A FeatureCollection of such features. */
export const featureCollectionSchema = <G extends z.ZodType, P extends z.ZodType>(geometry: G, properties: P) =>
  z.object({ type: z.literal('FeatureCollection'), features: z.array(featureSchema(geometry, properties)) });

/** A `createRoute` 200 response answering GeoJSON (`application/geo+json`) of this schema. */
export const geojsonResponse = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { 'application/geo+json': { schema } },
});

/** Features an export reads in one statement: small enough to keep memory flat, large enough to keep statements few. */
export const EXPORT_BATCH = 100;

/** Reads the features after key `after`, at most `limit`, in key order. */
export type FeatureBatches<F extends FeatureText = FeatureText> = (after: string | null, limit: number) => Promise<F[]>;

/**
 * `next` for an export whose ETag names the version of `what` data: a batch read once `current()`
 * has moved on (a write during the download) would mix two versions under one ETag, so the answer
 * ends unfinished instead.
 */
export function pinnedToVersion<F extends FeatureText>(
  what: string,
  version: string,
  current: () => Promise<string>,
  next: FeatureBatches<F>,
): FeatureBatches<F> {
  return async (after, limit) => {
    const rows = await next(after, limit);
    if ((await current()) !== version) throw new Error(`${what} changed during an export`);
    return rows;
  };
}

/**
 * A FeatureCollection written as it is read, so memory holds one batch whatever the export's size:
 * `members` first, then the features, a batch of EXPORT_BATCH at a time (`next(after)` answers those
 * after key `after`, each feature's id; the next batch is read only when the receiver asks), then
 * the members `tail()` gives, which may depend on the features read. A batch that fails (`next`
 * throws) ends the answer unfinished: the receiver sees a broken download, never a wrong file.
 */
export function featureCollectionStream(
  members: Record<string, unknown>,
  next: FeatureBatches,
  tail: () => Record<string, unknown> = () => ({}),
): ReadableStream<Uint8Array> {
  const text = (m: Record<string, unknown>) => JSON.stringify(m).slice(1, -1);
  let after: string | null = null;
  let opening = `{"type":"FeatureCollection",${Object.keys(members).length > 0 ? `${text(members)},` : ''}"features":[`;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const rows = await next(after, EXPORT_BATCH);
        // bytes piece by piece: an outline is ASCII and copies as it is, where one string of the
        // whole batch (Vietnamese names make it two-byte) took ~5× as long to encode
        const parts: Buffer[] = [Buffer.from(opening)];
        rows.forEach((r, i) => {
          const comma = i > 0 || after !== null ? ',' : '';
          parts.push(
            Buffer.from(
              `${comma}{"type":"Feature","id":${JSON.stringify(r.key)},"properties":${r.properties},"geometry":`,
            ),
            Buffer.from(r.geometry, 'latin1'),
            Buffer.from('}'),
          );
        });
        opening = '';
        if (rows.length < EXPORT_BATCH) {
          const end = tail();
          parts.push(Buffer.from(`]${Object.keys(end).length > 0 ? `,${text(end)}` : ''}}`));
          controller.enqueue(Buffer.concat(parts));
          controller.close();
          return;
        }
        after = rows[rows.length - 1].key;
        controller.enqueue(Buffer.concat(parts));
      },
    },
    // nothing read ahead: a batch is read when the receiver asks for it
    { highWaterMark: 0 },
  );
}
