import type { Level } from './types.js';

/**
 * What each level means for daily life, in brief, after Resolution 128/NQ-CP (11 Oct 2021),
 * which names the levels and the kinds of measures; the city's own directives set the details.
 */
export const LEVEL_MEANING: Record<Level, { name: { vi: string; en: string }; daily: { vi: string; en: string } }> = {
  1: {
    name: { vi: 'Nguy cơ thấp (bình thường mới)', en: 'Low risk (new normal)' },
    daily: {
      vi: 'Sinh hoạt, sản xuất, kinh doanh bình thường; thực hiện 5K, tiêm chủng đủ liều.',
      en: 'Daily life, work and business as normal; keep the 5K rules and get fully vaccinated.',
    },
  },
  2: {
    name: { vi: 'Nguy cơ trung bình', en: 'Medium risk' },
    daily: {
      vi: 'Hầu hết hoạt động được duy trì, hạn chế tụ tập đông người; cơ sở kinh doanh phải bảo đảm an toàn.',
      en: 'Most activities continue; large gatherings are limited; businesses must keep safety measures.',
    },
  },
  3: {
    name: { vi: 'Nguy cơ cao', en: 'High risk' },
    daily: {
      vi: 'Hạn chế tụ tập và dịch vụ không thiết yếu; hạn chế đi lại ra vào vùng dịch; tăng xét nghiệm.',
      en: 'Gatherings and non-essential services are restricted; travel in and out is limited; more testing.',
    },
  },
  4: {
    name: { vi: 'Nguy cơ rất cao', en: 'Very high risk' },
    daily: {
      vi: 'Chỉ ra ngoài khi thật cần thiết; dừng dịch vụ không thiết yếu; thực hiện biện pháp phòng dịch ở mức cao nhất.',
      en: 'Go out only when essential; non-essential services stop; the strictest measures apply.',
    },
  },
};

export const LEVEL_MEANING_SOURCE = 'Nghị quyết 128/NQ-CP ngày 11/10/2021 (tóm tắt / summary)';
