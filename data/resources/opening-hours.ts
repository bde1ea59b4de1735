import OpeningHours from 'opening_hours';

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975). */
const HANOI_OFFSET_MS = 7 * 3600_000;
/** Where public holidays (PH) are looked up: Vietnam's national holidays. */
const VIETNAM = { lat: 21.03, lon: 105.85, address: { country_code: 'vn', state: '' } };

export interface OpenState {
  /** open now; false also when closed or unknown */
  open: boolean;
  /** the hours say "unknown" (e.g. `off "by appointment"` comments, or `unknown`) */
  unknown: boolean;
  /** when the state next changes (ISO), or null when it never does (24/7) within two weeks */
  nextChange: string | null;
  comment: string | null;
}

// Parsing is the costly part and a city has few distinct hour strings: keep the parsed ones.
const parsed = new Map<string, OpeningHours>();

function parse(value: string): OpeningHours {
  let oh = parsed.get(value);
  if (!oh) {
    oh = new OpeningHours(value, VIETNAM as never, { mode: 0, tag_key: 'opening_hours', locale: 'en' } as never);
    if (parsed.size >= 1000) parsed.delete(parsed.keys().next().value as string);
    parsed.set(value, oh);
  }
  return oh;
}

/**
 * Why an opening_hours value is refused, or null when it is clean. Values the library only
 * guesses at (`7h-17h`, `Mon to Fri 8-5`) come with warnings; they are refused too, so what is
 * stored means exactly one thing.
 */
export function openingHoursError(value: string): string | null {
  if (value.trim() === '') return 'empty';
  try {
    const warnings = parse(value).getWarnings();
    return warnings.length > 0 ? warnings[0].split('\n')[0].slice(0, 200) : null;
  } catch (error) {
    return String(error instanceof Error ? error.message : error)
      .split('\n')[0]
      .slice(0, 200);
  }
}

/** A Date whose local fields read Hanoi's wall clock at `instant` (the library reads local fields). */
function hanoiWallClock(instant: Date): Date {
  const w = new Date(instant.getTime() + HANOI_OFFSET_MS);
  return new Date(
    w.getUTCFullYear(),
    w.getUTCMonth(),
    w.getUTCDate(),
    w.getUTCHours(),
    w.getUTCMinutes(),
    w.getUTCSeconds(),
  );
}

/** The instant a Hanoi wall-clock Date (local fields) stands for. */
function fromHanoiWallClock(local: Date): Date {
  const utc = Date.UTC(
    local.getFullYear(),
    local.getMonth(),
    local.getDate(),
    local.getHours(),
    local.getMinutes(),
    local.getSeconds(),
  );
  return new Date(utc - HANOI_OFFSET_MS);
}

/** Whether a place with these hours is open at `instant`, in Hanoi time, and when that changes. */
export function openStateAt(value: string, instant: Date): OpenState {
  const oh = parse(value);
  const wall = hanoiWallClock(instant);
  const next = oh.getNextChange(wall, new Date(wall.getTime() + 14 * 86_400_000));
  return {
    open: oh.getState(wall),
    unknown: oh.getUnknown(wall),
    nextChange: next ? fromHanoiWallClock(next).toISOString() : null,
    comment: oh.getComment(wall) ?? null,
  };
}
