import type { ApiProblem, FieldError } from '../lib/problem.js';
import type { Lang } from './strings.js';

type Say = (p: Record<string, unknown>) => string;

/** Field errors in the reader's language, by the code the API sends (zod's, or ours). */
const FIELD: Record<Lang, Record<string, Say>> = {
  vi: {
    too_small: (p) => (p.minimum != null ? `Cần ít nhất ${p.minimum} ký tự` : 'Giá trị quá nhỏ'),
    too_big: (p) => (p.maximum != null ? `Tối đa ${p.maximum} ký tự` : 'Giá trị quá lớn'),
    invalid_format: (p) => (p.format === 'email' ? 'Địa chỉ email không hợp lệ' : 'Sai định dạng'),
    invalid_type: () => 'Thiếu hoặc sai kiểu dữ liệu',
    invalid_value: () => 'Giá trị không được chấp nhận',
    unrecognized_keys: (p) => `Trường không hợp lệ: ${String(p.keys ?? '')}`,
    taken: () => 'Email này đã được đăng ký',
    wrong_credentials: () => 'Sai email hoặc mật khẩu',
    weak_password: (p) =>
      p.reason === 'context'
        ? 'Không dùng email, tên của bạn hay tên dịch vụ (safemap, Hà Nội) làm mật khẩu'
        : 'Mật khẩu quá dễ đoán; hãy dùng một cụm vài từ không liên quan',
    outside_hanoi: () => 'Vị trí nằm ngoài Hà Nội',
    missing_column: () => 'Thiếu cột này',
    required: () => 'Bắt buộc',
    not_a_number: (p) => `Không phải là số${p.value ? ` ("${p.value}")` : ''}`,
    not_whole: () => 'Phải là số nguyên',
    negative: () => 'Không được âm',
    not_positive: () => 'Phải lớn hơn 0',
    over_100: () => 'Tỷ lệ phần trăm tối đa là 100',
    not_yes_no: () => 'Ghi "có" hoặc "không"',
    bad_week: () => 'Tuần ISO, ví dụ 2022-W05',
    bad_unit_code: () => 'Mã xã/phường 5 chữ số, hoặc mã tổ dân phố như 00070-01',
    duplicate: () => 'Trùng đơn vị và tuần với một dòng trước',
    unknown_unit: (p) => `Không có đơn vị mã ${p.value ?? ''}`,
    out_of_scope: (p) => `Đơn vị ${p.value ?? ''} nằm ngoài phạm vi của bạn`,
    no_rule_set: () => 'Tuần này chưa có quy định cấp độ (trước 2021-W41)',
    unreadable: () => 'Không đọc được tệp CSV',
    invalid_geometry: () => 'Hình đa giác không hợp lệ',
    unknown_type: () =>
      'Loại không hợp lệ (mobile_station, oxygen_atm, vaccination_point, treatment_facility, testing_point)',
    out_of_range: () => 'Ngoài khoảng cho phép',
    bad_hours: (p) => `Giờ mở cửa sai cú pháp OSM opening_hours${p.value ? ` ("${p.value}")` : ''}`,
    bad_phone: () => 'Số điện thoại không hợp lệ',
    bad_status: () => 'Trạng thái: open, closed hoặc temporarily_closed',
    bad_json: () => 'Phải là đối tượng JSON, ví dụ {"oxygen_cylinders": 10}',
    not_a_point: () => 'Hình học phải là điểm (Point)',
    outside_ward: () => 'Nằm ngoài ranh giới phường',
  },
  en: {
    too_small: (p) => (p.minimum != null ? `At least ${p.minimum} characters` : 'Too small'),
    too_big: (p) => (p.maximum != null ? `At most ${p.maximum} characters` : 'Too large'),
    invalid_format: (p) => (p.format === 'email' ? 'Not a valid email address' : 'Wrong format'),
    invalid_type: () => 'Missing or of the wrong type',
    invalid_value: () => 'Not an accepted value',
    unrecognized_keys: (p) => `Unknown field: ${String(p.keys ?? '')}`,
    taken: () => 'This email is already registered',
    wrong_credentials: () => 'Wrong email or password',
    weak_password: (p) =>
      p.reason === 'context'
        ? 'Do not build it from your email, your name or the service (safemap, Hanoi)'
        : 'Too easy to guess; use a phrase of a few unrelated words',
    outside_hanoi: () => 'This place is outside Hanoi',
    missing_column: () => 'This column is missing',
    required: () => 'Required',
    not_a_number: (p) => `Not a number${p.value ? ` ("${p.value}")` : ''}`,
    not_whole: () => 'Must be a whole number',
    negative: () => 'Must not be negative',
    not_positive: () => 'Must be more than 0',
    over_100: () => 'A percentage is at most 100',
    not_yes_no: () => 'Write "yes" or "no"',
    bad_week: () => 'An ISO week such as 2022-W05',
    bad_unit_code: () => 'A 5-digit ward code, or a group code such as 00070-01',
    duplicate: () => 'Same unit and week as an earlier row',
    unknown_unit: (p) => `No unit with code ${p.value ?? ''}`,
    out_of_scope: (p) => `Unit ${p.value ?? ''} is outside your scope`,
    no_rule_set: () => 'No level rules in force that week (before 2021-W41)',
    unreadable: () => 'The CSV file could not be read',
    invalid_geometry: () => 'The polygon is not valid',
    unknown_type: () =>
      'Unknown type (mobile_station, oxygen_atm, vaccination_point, treatment_facility, testing_point)',
    out_of_range: () => 'Out of range',
    bad_hours: (p) => `Not valid OSM opening_hours${p.value ? ` ("${p.value}")` : ''}`,
    bad_phone: () => 'Not a phone number',
    bad_status: () => 'Status: open, closed or temporarily_closed',
    bad_json: () => 'Must be a JSON object, e.g. {"oxygen_cylinders": 10}',
    not_a_point: () => 'The geometry must be a Point',
    outside_ward: () => 'Lies outside the ward',
  },
};

/** By status, for the form-level message. */
const STATUS: Record<Lang, Record<number, string>> = {
  vi: {
    401: 'Bạn cần đăng nhập.',
    403: 'Bạn không có quyền làm việc này.',
    404: 'Không tìm thấy.',
    409: 'Xung đột với dữ liệu đã có.',
    413: 'Dữ liệu gửi lên quá lớn.',
    422: 'Vui lòng kiểm tra các trường được đánh dấu.',
    429: 'Quá nhiều lần thử. Vui lòng đợi rồi thử lại.',
  },
  en: {
    401: 'Please sign in.',
    403: 'You may not do this.',
    404: 'Not found.',
    409: 'This conflicts with existing data.',
    413: 'What you sent is too large.',
    422: 'Please check the marked fields.',
    429: 'Too many attempts. Please wait and try again.',
  },
};

export function fieldMessage(e: FieldError | undefined, lang: Lang): string | undefined {
  if (!e) return undefined;
  const say = e.code ? FIELD[lang][e.code] : undefined;
  return say ? say(e.params ?? {}) : e.message;
}

/** The form-level message: the status's sentence, plus the server's detail in English. */
export function problemMessage(p: ApiProblem, lang: Lang): string {
  const head = STATUS[lang][p.status] ?? (lang === 'vi' ? 'Đã có lỗi xảy ra.' : 'Something went wrong.');
  if (p.status === 401 && p.errors.some((e) => e.code === 'wrong_credentials'))
    return fieldMessage(p.errors[0], lang) as string;
  return lang === 'en' && p.detail ? p.detail : head;
}
