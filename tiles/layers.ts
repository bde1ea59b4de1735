import { propertyNames } from './sql.js';

/**
 * The tile layers and the columns each carries. The style (web/map/layers) reads exactly these
 * properties; adding one here is what makes it reach the map.
 */
export interface LayerDefinition {
  id: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  /** SQL FROM/WHERE body over `admin_units` (or another table) and the selected properties. */
  from: string;
  /** `expression AS name` pairs; names are the tile property names. */
  properties: Record<string, string>;
  /** Integer feature id expression. */
  id_expr: string;
  /** Seconds browsers and CDNs may keep a tile of this layer. */
  maxAgeS: number;
  /** Points are kept whole; polygons are clipped to the tile. */
  geometry: 'polygon' | 'point';
  /**
   * For layers whose features depend on the time (`$4` in `from`/`properties` is the clock): a
   * query over `$1` = now answering `n`, a number that moves whenever a feature's time-dependent
   * state changes, so the layer's version (and cache key) moves with it; and `next`, the time (ms
   * since the epoch, null: never) when `n` next moves, until which the version holds.
   */
  clockVersionSql?: string;
  /**
   * Point layers that can grow dense: below `belowZoom`, one point per cell of `cellPx` screen
   * pixels, with `count` saying how many it stands for. Bounds the tile whatever the data.
   */
  thin?: { belowZoom: number; cellPx: number };
}

/**
 * The outlines of the city, districts and wards as a tile at zoom `$1` draws them: generalised
 * up to z9 (migrations 016 and 017), so a low-zoom tile stays small however many units it covers.
 */
export const UNITS_AT_ZOOM = 'admin_units_at_zoom($1::int) admin_units';

export const LAYERS: Record<string, LayerDefinition> = {
  city: {
    id: 'city',
    description: 'Hanoi city outline',
    minzoom: 0,
    maxzoom: 16,
    from: `${UNITS_AT_ZOOM} WHERE level = 'city'`,
    properties: { code: 'code', name_vi: 'name_vi', name_en: 'name_en' },
    id_expr: 'code::int',
    maxAgeS: 3600,
    geometry: 'polygon',
  },
  districts: {
    id: 'districts',
    description: 'The 30 former districts of Hanoi (named sets of wards)',
    minzoom: 0,
    maxzoom: 16,
    from: `${UNITS_AT_ZOOM} WHERE level = 'district'`,
    properties: { code: 'code', name_vi: 'name_vi', name_en: 'name_en' },
    id_expr: 'code::int',
    maxAgeS: 3600,
    geometry: 'polygon',
  },
  wards: {
    id: 'wards',
    description: 'Communes and wards of Hanoi (2025) with population and the latest week’s epidemic level',
    minzoom: 6,
    maxzoom: 16,
    from: `${UNITS_AT_ZOOM} LEFT JOIN latest_ward_levels ON unit_code = code WHERE level = 'ward'`,
    properties: {
      code: 'code',
      name_vi: 'name_vi',
      name_en: 'name_en',
      population: 'population',
      district: 'parent_code',
      level: 'lv_level',
      week: 'lv_week',
      confirmed: 'lv_confirmed',
    },
    id_expr: 'code::int',
    maxAgeS: 60,
    geometry: 'polygon',
  },
  groups: {
    id: 'groups',
    description: 'Residential groups (tổ dân phố) imported by ward officials, with population',
    minzoom: 12,
    maxzoom: 16,
    from: `admin_units WHERE level = 'group'`,
    properties: { code: 'code', name_vi: 'name_vi', ward: 'parent_code', population: 'population' },
    // group codes are `<ward>-<n>`: ward digits then the group number, unique as an integer
    id_expr: `(split_part(code, '-', 1) || lpad(split_part(code, '-', 2), 3, '0'))::bigint`,
    maxAgeS: 60,
    geometry: 'polygon',
  },
  resources: {
    id: 'resources',
    description: 'Mobile medical stations, oxygen ATMs, vaccination and testing points, treatment facilities',
    minzoom: 10,
    maxzoom: 16,
    from: `resources WHERE status <> 'closed'`,
    properties: {
      id: 'id::text',
      type: 'type',
      name: 'name',
      status: 'status',
      // how much is on hand, by type: what the symbol's ring shows (none / low / ok / n/a)
      stock_class: `CASE
        WHEN type IN ('oxygen_atm', 'mobile_station') THEN
          CASE WHEN coalesce((stock ->> 'oxygen_cylinders')::int, 0) = 0 THEN 'none'
               WHEN (stock ->> 'oxygen_cylinders')::int < 5 THEN 'low' ELSE 'ok' END
        WHEN type = 'vaccination_point' THEN
          CASE WHEN coalesce((SELECT sum(value::int) FROM jsonb_each_text(stock -> 'doses')), 0) = 0 THEN 'none'
               WHEN (SELECT sum(value::int) FROM jsonb_each_text(stock -> 'doses')) < 50 THEN 'low' ELSE 'ok' END
        ELSE 'n/a' END`,
    },
    // MVT ids are unsigned integers: a stable 31-bit hash of the uuid
    id_expr: 'abs(hashtext(id::text))',
    maxAgeS: 30,
    geometry: 'point',
    // stations are sparse, but a city-wide import must not make a z10 tile unbounded
    thin: { belowZoom: 13, cellPx: 2 },
  },
  businesses: {
    id: 'businesses',
    description: 'Premises with their latest COVID-19 safety self-assessment (class, valid or expired)',
    minzoom: 10,
    maxzoom: 16,
    // the maintained latest assessment per premises (migration 013) carries what the layer draws: one table, no join
    from: `latest_assessments la WHERE true`,
    properties: {
      id: 'la.premises_id::text',
      name: 'la.name',
      sector: 'la.sector',
      risk_class: 'la.risk_class',
      // an expired assessment is never shown as safe
      status: `CASE WHEN la.valid_until <= $4::timestamptz THEN 'expired' ELSE 'valid' END`,
      valid_until: `to_char(la.valid_until AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`,
    },
    id_expr: 'abs(hashtext(la.premises_id::text))',
    maxAgeS: 30,
    geometry: 'point',
    // the last expiry passed: moves exactly when another assessment lapses, i.e. at the next
    // expiry to come (an index probe each)
    clockVersionSql: `SELECT coalesce(floor(extract(epoch FROM max(valid_until)) * 1000), 0)::bigint AS n,
        (SELECT ceil(extract(epoch FROM min(valid_until)) * 1000)::bigint FROM assessments
         WHERE valid_until > $1::timestamptz) AS next
      FROM assessments WHERE valid_until <= $1::timestamptz`,
    // every registered workplace can be on this layer: thin it below street zoom
    thin: { belowZoom: 15, cellPx: 4 },
  },
};

const FIELD_TYPES: Record<string, string> = {
  population: 'Number',
  level: 'Number',
  confirmed: 'Boolean',
  count: 'Number',
};

/** Property names and their TileJSON field types. */
export function layerFields(layer: LayerDefinition): Record<string, string> {
  return Object.fromEntries(propertyNames(layer).map((name) => [name, FIELD_TYPES[name] ?? 'String']));
}
