/**
 * The COVID-19 safety self-assessment of workplaces, after Decision 2194/QĐ-BCĐQG (27 May 2020):
 * 15 criteria, 300 points, risk index = points / 300 × 100. What is confirmed from the decision
 * is marked `verified: true`; the rest is modelled on the workplace factors the guidance names
 * and marked `verified: false` (see DESIGN.md).
 */

export interface Option {
  id: string;
  label: { vi: string; en: string };
  points: number;
}

export interface Criterion {
  id: string;
  label: { vi: string; en: string };
  options: Option[];
  verified: boolean;
}

export interface Questionnaire {
  id: string;
  version: number;
  source: string;
  maxPoints: number;
  criteria: Criterion[];
}

const L = (vi: string, en: string) => ({ vi, en });
const opt = (id: string, vi: string, en: string, points: number): Option => ({ id, label: L(vi, en), points });

/** A factor scored in three steps: well controlled, partly, not at all (points 0 / half / max). */
function factor(id: string, vi: string, en: string, max: number): Criterion {
  return {
    id,
    label: L(vi, en),
    verified: false,
    options: [
      opt('good', 'Đảm bảo đầy đủ', 'Fully in place', 0),
      opt('partial', 'Đảm bảo một phần', 'Partly in place', max / 2),
      opt('none', 'Chưa đảm bảo', 'Not in place', max),
    ],
  };
}

export const QUESTIONNAIRE_2194: Questionnaire = {
  id: '2194',
  version: 1,
  source: 'Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19, Quyết định 2194/QĐ-BCĐQG ngày 27/5/2020',
  maxPoints: 300,
  criteria: [
    {
      id: 'CS1',
      label: L('Số người lao động làm việc cùng thời điểm', 'Workers on site at the same time'),
      verified: true,
      options: [
        opt('lt50', 'Dưới 50', 'Under 50', 1),
        opt('50-199', '50–199', '50–199', 2),
        opt('200-499', '200–499', '200–499', 4),
        opt('500-999', '500–999', '500–999', 6),
        opt('1000-4999', '1.000–4.999', '1,000–4,999', 8),
        opt('ge5000', 'Từ 5.000 trở lên', '5,000 or more', 10),
      ],
    },
    {
      id: 'CS2',
      label: L('Diện tích làm việc bình quân mỗi người', 'Floor area per worker'),
      verified: true,
      options: [opt('ge1', 'Từ 1 m² trở lên', '1 m² or more', 0), opt('lt1', 'Dưới 1 m²', 'Under 1 m²', 10)],
    },
    {
      id: 'CS3',
      label: L('Nguy cơ lây nhiễm của người lao động có nguy cơ cao nhất', 'Infection risk of the highest-risk worker'),
      // none 0 and second-ring contact 5 are confirmed; the higher steps are not
      verified: false,
      options: [
        opt('none', 'Không có nguy cơ', 'No risk', 0),
        opt('f2', 'Tiếp xúc vòng 2 (F2)', 'Second-ring contact (F2)', 5),
        opt('f1', 'Tiếp xúc gần (F1)', 'Close contact (F1)', 15),
        opt('suspected', 'Nghi nhiễm', 'Suspected case', 20),
        opt('f0', 'Ca bệnh (F0)', 'Confirmed case (F0)', 30),
      ],
    },
    factor('CS4', 'Tiếp xúc với khách hàng, người ngoài', 'Contact with customers and visitors', 25),
    factor('CS5', 'Thông gió, thông khí nơi làm việc', 'Ventilation of the workplace', 25),
    factor('CS6', 'Đeo khẩu trang', 'Masks', 20),
    factor('CS7', 'Rửa tay, sát khuẩn', 'Hand hygiene', 20),
    factor('CS8', 'Đo thân nhiệt, sàng lọc người ra vào', 'Temperature checks and screening', 20),
    factor('CS9', 'Giữ khoảng cách khi làm việc', 'Distancing at work', 20),
    factor('CS10', 'Ăn uống tập trung (bếp ăn, căng tin)', 'Shared meals (kitchens, canteens)', 20),
    factor('CS11', 'Phương tiện đưa đón chung', 'Shared transport', 20),
    factor('CS12', 'Ký túc xá, nhà ở tập trung', 'Dormitories and shared housing', 20),
    factor('CS13', 'Vệ sinh, khử khuẩn nơi làm việc', 'Cleaning and disinfection', 20),
    factor('CS14', 'Kế hoạch phòng, chống dịch bằng văn bản', 'A written prevention plan', 20),
    factor('CS15', 'Tổ an toàn COVID-19 / đội phản ứng nhanh', 'A COVID-19 safety team', 20),
  ],
};
