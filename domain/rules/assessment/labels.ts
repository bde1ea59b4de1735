import type { RiskClass } from './score.js';
import type { Sector } from './sectors.js';

/** Names of the risk classes and sectors, Vietnamese first: shared by the web and the printed pages. */
export const RISK_CLASS_LABELS: Record<RiskClass, { vi: string; en: string }> = {
  very_low: { vi: 'Nguy cơ rất thấp', en: 'Very low risk' },
  low: { vi: 'Nguy cơ thấp', en: 'Low risk' },
  medium: { vi: 'Nguy cơ trung bình', en: 'Medium risk' },
  high: { vi: 'Nguy cơ cao', en: 'High risk' },
  very_high: { vi: 'Nguy cơ rất cao', en: 'Very high risk' },
};

/** @deprecated the class colours live in domain/rules/colours.ts: import RISK_CLASS_COLOURS from there. */
export { RISK_CLASS_COLOURS as RISK_CLASS_COLORS } from '../colours.js';

export const SECTOR_LABELS: Record<Sector, { vi: string; en: string }> = {
  office: { vi: 'Văn phòng', en: 'Office' },
  factory: { vi: 'Nhà máy, xưởng sản xuất', en: 'Factory' },
  shop_market: { vi: 'Cửa hàng, chợ', en: 'Shop or market' },
  restaurant: { vi: 'Nhà hàng, quán ăn', en: 'Restaurant' },
  school: { vi: 'Trường học', en: 'School' },
  lodging: { vi: 'Cơ sở lưu trú', en: 'Lodging' },
  other: { vi: 'Khác', en: 'Other' },
};

export const STATUS_LABELS: Record<'valid' | 'expired' | 'superseded', { vi: string; en: string }> = {
  valid: { vi: 'Còn hiệu lực', en: 'Valid' },
  expired: { vi: 'Hết hiệu lực', en: 'Expired' },
  superseded: { vi: 'Đã được thay thế bằng lần đánh giá mới hơn', en: 'Superseded by a newer assessment' },
};
