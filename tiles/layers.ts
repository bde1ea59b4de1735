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
}

export const LAYERS: Record<string, LayerDefinition> = {
  city: {
    id: 'city',
    description: 'Hanoi city outline',
    minzoom: 0,
    maxzoom: 16,
    from: `admin_units WHERE level = 'city'`,
    properties: { code: 'code', name_vi: 'name_vi', name_en: 'name_en' },
    id_expr: 'code::int',
    maxAgeS: 3600,
  },
  wards: {
    id: 'wards',
    description: 'Communes and wards of Hanoi (2025) with population and the latest week’s epidemic level',
    minzoom: 6,
    maxzoom: 16,
    from: `admin_units LEFT JOIN latest_ward_levels ON unit_code = code WHERE level = 'ward'`,
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
  },
};

const FIELD_TYPES: Record<string, string> = { population: 'Number', level: 'Number', confirmed: 'Boolean' };

/** Property names and their TileJSON field types. */
export function layerFields(layer: LayerDefinition): Record<string, string> {
  return Object.fromEntries(Object.keys(layer.properties).map((name) => [name, FIELD_TYPES[name] ?? 'String']));
}
