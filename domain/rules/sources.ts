/**
 * Where the values of the rules come from. Every threshold, step and class bound names one of
 * these sources and how firmly it rests on it, so explanations can say so in plain words.
 */

/** How firmly a rule value is known. */
export type SourceStatus =
  /** read in the decision's own text */
  | 'confirmed-from-text'
  /** stated by an official secondary source (the government's portal, a ministry's or VCCI's summary, a national newspaper quoting the decision) */
  | 'confirmed-by-official-secondary-source'
  /** worked out from published cases or a related scheme; consistent with them, not stated anywhere */
  | 'inferred'
  /** assumed, or known only from a draft: a placeholder until a source confirms it */
  | 'unverified';

export const SOURCE_STATUSES: readonly SourceStatus[] = [
  'confirmed-from-text',
  'confirmed-by-official-secondary-source',
  'inferred',
  'unverified',
];

/** Whether a value with this status may be shown without an advisory mark. */
export const isConfirmed = (status: SourceStatus): boolean =>
  status === 'confirmed-from-text' || status === 'confirmed-by-official-secondary-source';

/** The status in plain words, for explanations. */
export const STATUS_WORDS: Record<SourceStatus, { vi: string; en: string }> = {
  'confirmed-from-text': { vi: 'đã xác nhận từ văn bản', en: 'confirmed from the text' },
  'confirmed-by-official-secondary-source': {
    vi: 'đã xác nhận qua nguồn chính thức thứ cấp',
    en: 'confirmed by an official secondary source',
  },
  inferred: { vi: 'suy luận từ các trường hợp đã công bố', en: 'inferred from published cases' },
  unverified: { vi: 'chưa xác minh', en: 'not verified' },
};

export interface Source {
  /** the document or publication, as cited, in the language it is written in */
  title: string;
  /** that language (an English summary cited in the Vietnamese page is marked as English) */
  lang: 'vi' | 'en';
  /** our own sources say it in both languages */
  titleEn?: string;
  /** the date of the document it states (ISO day, or month \`YYYY-MM\` where only the month is known) */
  date: string;
  /** who published it */
  publisher: string;
  /** true for a draft, whose wording may differ from what was signed */
  draft?: boolean;
}

export const SOURCES = {
  'qd-4800': {
    title: 'Quyết định 4800/QĐ-BYT về hướng dẫn tạm thời chuyên môn y tế thực hiện Nghị quyết 128/NQ-CP',
    lang: 'vi',
    date: '2021-10-12',
    publisher: 'Bộ Y tế',
  },
  'qd-4800-baochinhphu': {
    title: 'Decision 4800: criterion 3 — "the pandemic risk level shall remain the same" when not met',
    lang: 'en',
    date: '2021-10-12',
    publisher: 'Cổng thông tin điện tử Chính phủ (en.baochinhphu.vn)',
  },
  'qd-4800-luatvietnam': {
    title: 'Decision 4800/QD-BYT, English summary',
    lang: 'en',
    date: '2021-10-12',
    publisher: 'LuatVietnam',
  },
  'qd-4800-draft': {
    title:
      'Dự thảo hướng dẫn (9/2021): "Nếu không đạt được chỉ số trên 80% người trên 50 tuổi được tiêm đủ liều vaccine thì phải tăng lên 1 cấp độ dịch (trừ khi đang ở cấp độ 4 hoặc địa bàn không có ca mắc)"',
    lang: 'vi',
    date: '2021-09',
    publisher: 'vietbao.vn (bản dự thảo)',
    draft: true,
  },
  'hcmc-published-cases': {
    title:
      'Ho Chi Minh City level assessments published under 4800 (150/100k with > 98 % first dose → 3; 104.5/100k with ~99 % → 2)',
    lang: 'en',
    date: '2021-10',
    publisher: 'UBND TP. Hồ Chí Minh',
  },
  'qd-218': {
    title: 'Quyết định 218/QĐ-BYT ban hành hướng dẫn tạm thời chuyên môn y tế thực hiện Nghị quyết 128/NQ-CP',
    lang: 'vi',
    date: '2022-01-27',
    publisher: 'Bộ Y tế',
  },
  'qd-218-vnexpress': {
    title:
      'Decision 218: criterion 2 (≥ 75 % fully vaccinated, ≥ 90 % of high-risk people), top case band "over 600", three measures of criterion 1, two groups of criteria after the WHO scheme',
    lang: 'en',
    date: '2022-01-27',
    publisher: 'VnExpress International',
  },
  'qd-218-vcci': {
    title: 'Infographic: new criteria for COVID-19 levels (Decision 218)',
    lang: 'en',
    date: '2022-01-27',
    publisher: 'VCCI',
  },
  'who-2021-scheme': {
    title:
      'WHO, Considerations for implementing and adjusting public health and social measures (June 2021): transmission level × response capacity',
    lang: 'en',
    date: '2021-06-14',
    publisher: 'World Health Organization',
  },
  'hcmc-218-deaths': {
    title: 'Ho Chi Minh City applying 218: more than 6 deaths per 100,000 per week raises the level by one',
    lang: 'en',
    date: '2022-02',
    publisher: 'UBND TP. Hồ Chí Minh',
  },
  'tb-768-hanoi': {
    title: 'Thông báo 768/TB-UBND: Hà Nội đánh giá cấp độ dịch cấp xã theo tiêu chí 1 và 2',
    lang: 'vi',
    date: '2021-11-12',
    publisher: 'UBND TP. Hà Nội',
  },
  'qd-2194': {
    title: 'Quyết định 2194/QĐ-BCĐQG ban hành Hướng dẫn đánh giá nguy cơ lây nhiễm COVID-19 tại nơi làm việc',
    lang: 'vi',
    date: '2020-05-27',
    publisher: 'Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19',
  },
  'qd-2194-secondary': {
    title:
      'Decision 2194: index = (CS1+…+CS15)/300×100, classes ≤ 15 / 16–30 / 31–50 / 51–80 / 81–100; very low "may continue operations and shall assess regularly" (two independent secondary sources agree)',
    lang: 'en',
    date: '2020-05-27',
    publisher: 'Báo Chính phủ; Bộ Y tế (moh.gov.vn)',
  },
  assumption: {
    title: 'Giả định của safemap, chờ nguồn xác nhận',
    titleEn: 'safemap assumption until a source confirms it',
    lang: 'vi',
    date: '2022-04',
    publisher: 'safemap',
  },
} as const satisfies Record<string, Source>;

export type SourceId = keyof typeof SOURCES;

/** A rule value with where it comes from and how firmly. */
export interface Sourced<T> {
  value: T;
  status: SourceStatus;
  /** the sources, strongest first */
  sources: SourceId[];
  /** what the sources say or why it is assumed, in both languages */
  note?: { vi: string; en: string };
}

export const sourced = <T>(
  value: T,
  status: SourceStatus,
  sources: SourceId[],
  note?: { vi: string; en: string },
): Sourced<T> => ({
  value,
  status,
  sources,
  note,
});
