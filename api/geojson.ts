import { z } from '@hono/zod-openapi';

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
