/**
 * What a ward's epidemic level asks of a workplace, by sector: the guidance shown beside the
 * self-assessment form and its result. Rules as data with their sources; a requirement whose exact
 * wording or figure is not confirmed from the source text is `verified: false` and shown as such.
 */
import type { Sector } from '../assessment/sectors.js';

export type Level = 1 | 2 | 3 | 4;

export const SOURCES = {
  nq128: 'Nghị quyết 128/NQ-CP ngày 11/10/2021 của Chính phủ, Phụ lục (biện pháp theo cấp độ dịch)',
  qd2194: 'Quyết định 2194/QĐ-BCĐQG ngày 27/5/2020 của Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19',
  hn2022: 'UBND TP Hà Nội, kế hoạch khắc phục hạn chế trong phòng, chống dịch COVID-19 (4/2022)',
} as const;

export interface Requirement {
  text: { vi: string; en: string };
  source: keyof typeof SOURCES;
  verified: boolean;
}

const r = (vi: string, en: string, source: keyof typeof SOURCES, verified = false): Requirement => ({
  text: { vi, en },
  source,
  verified,
});

/** Asked of every workplace at every level. */
const EVERY_LEVEL: Requirement[] = [
  r(
    'Xây dựng kế hoạch phòng, chống dịch gắn với phương án hoạt động phù hợp cấp độ dịch của xã/phường và cập nhật kết quả đánh giá an toàn lên bản đồ an toàn COVID-19.',
    "Keep a COVID-19 plan matched to the ward's epidemic level and publish the safety assessment on the COVID-19 safety map.",
    'hn2022',
    true,
  ),
  r(
    'Tự đánh giá nguy cơ lây nhiễm theo bộ tiêu chí và đánh giá lại định kỳ.',
    'Self-assess the infection risk against the criteria and re-assess regularly.',
    'qd2194',
    true,
  ),
];

/** Asked of all sectors at a given level, on top of EVERY_LEVEL. */
const BY_LEVEL: Record<Level, Requirement[]> = {
  1: [
    r(
      'Thực hiện 5K, khai báo y tế khi có yêu cầu.',
      'Follow 5K (masks, hand hygiene, distance, no crowding, health declaration).',
      'nq128',
    ),
  ],
  2: [r('Thực hiện 5K; kiểm soát người ra vào bằng mã QR.', 'Follow 5K; check people in with a QR code.', 'nq128')],
  3: [
    r(
      'Hạn chế số người tại cùng thời điểm; xét nghiệm người lao động khi có ca nghi nhiễm hoặc theo yêu cầu của địa phương.',
      'Limit how many people are on site at once; test workers when a case is suspected or as the ward requires.',
      'nq128',
    ),
  ],
  4: [
    r(
      'Chỉ duy trì hoạt động thiết yếu; người lao động làm việc tại nhà khi có thể; xét nghiệm định kỳ theo yêu cầu của địa phương.',
      'Keep only essential activity; work from home where possible; test workers periodically as the ward requires.',
      'nq128',
    ),
  ],
};

/** Sector-specific limits by level (the figures in 128's appendix, where known, are still unverified here). */
const BY_SECTOR: Partial<Record<Sector, Record<Level, Requirement[]>>> = {
  restaurant: {
    1: [
      r(
        'Phục vụ tại chỗ, bảo đảm khoảng cách giữa các bàn.',
        'Dine-in allowed, with distance between tables.',
        'nq128',
      ),
    ],
    2: [
      r(
        'Phục vụ tại chỗ, hạn chế số khách (không quá 50% công suất).',
        'Dine-in with fewer guests (at most 50% of capacity).',
        'nq128',
      ),
    ],
    3: [
      r(
        'Ưu tiên bán mang về; phục vụ tại chỗ hạn chế theo quyết định của địa phương.',
        'Takeaway first; dine-in only as the locality allows.',
        'nq128',
      ),
    ],
    4: [r('Không phục vụ tại chỗ; chỉ bán mang về.', 'No dine-in; takeaway only.', 'nq128')],
  },
  shop_market: {
    1: [r('Hoạt động bình thường với biện pháp phòng dịch.', 'Open as usual with prevention measures.', 'nq128')],
    2: [
      r(
        'Hoạt động, kiểm soát số người mua trong cửa hàng.',
        'Open, controlling how many shoppers are inside.',
        'nq128',
      ),
    ],
    3: [
      r(
        'Hạn chế hoạt động; ưu tiên hàng hóa thiết yếu và bán trực tuyến.',
        'Restricted; essential goods and online sales first.',
        'nq128',
      ),
    ],
    4: [r('Chỉ bán hàng hóa thiết yếu.', 'Essential goods only.', 'nq128')],
  },
  school: {
    1: [r('Học trực tiếp.', 'In-person classes.', 'nq128')],
    2: [r('Học trực tiếp, bảo đảm điều kiện an toàn.', 'In-person classes under safety conditions.', 'nq128')],
    3: [
      r(
        'Học trực tiếp hoặc trực tuyến theo quyết định của địa phương; không để học trực tuyến kéo dài.',
        'In person or online as the locality decides; online teaching must not drag on.',
        'hn2022',
      ),
    ],
    4: [r('Học trực tuyến.', 'Online classes.', 'nq128')],
  },
  lodging: {
    1: [r('Hoạt động với biện pháp phòng dịch.', 'Open with prevention measures.', 'nq128')],
    2: [r('Hoạt động; khai báo lưu trú đầy đủ.', 'Open; register every guest.', 'nq128')],
    3: [
      r(
        'Hạn chế số khách; có phương án cách ly khi có ca nghi nhiễm.',
        'Fewer guests; a plan to isolate a suspected case.',
        'nq128',
      ),
    ],
    4: [
      r(
        'Chỉ phục vụ khách lưu trú thiết yếu hoặc cách ly theo bố trí của địa phương.',
        'Essential stays or local isolation use only.',
        'nq128',
      ),
    ],
  },
  factory: {
    1: [r('Hoạt động với phương án phòng dịch.', 'Operate with a prevention plan.', 'nq128')],
    2: [r('Hoạt động; phân ca, giãn cách khu ăn ca.', 'Operate; stagger shifts and space out canteens.', 'nq128')],
    3: [
      r(
        'Hoạt động khi bảo đảm điều kiện an toàn; hạn chế đưa đón chung.',
        'Operate only when safe conditions are met; limit shared transport.',
        'nq128',
      ),
    ],
    4: [
      r(
        'Hoạt động khi đáp ứng điều kiện an toàn theo quy định của địa phương.',
        'Operate only if the locality’s safety conditions are met.',
        'nq128',
      ),
    ],
  },
  office: {
    1: [r('Làm việc trực tiếp.', 'Work on site.', 'nq128')],
    2: [r('Làm việc trực tiếp; hạn chế họp đông người.', 'Work on site; avoid large meetings.', 'nq128')],
    3: [
      r(
        'Hạn chế số người làm việc trực tiếp; tăng làm việc từ xa.',
        'Fewer people on site; more remote work.',
        'nq128',
      ),
    ],
    4: [r('Chỉ bố trí người làm việc trực tiếp khi cần thiết.', 'On site only when essential.', 'nq128')],
  },
};

/** The requirements for a sector in a ward at a level; without a level, only those of every level. */
export function guidanceFor(sector: Sector, level: number | null | undefined): Requirement[] {
  if (!level || level < 1 || level > 4) return EVERY_LEVEL;
  const l = level as Level;
  return [...EVERY_LEVEL, ...BY_LEVEL[l], ...(BY_SECTOR[sector]?.[l] ?? [])];
}
