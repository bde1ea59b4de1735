import { describe, expect, it } from 'vitest';
import { matchFormedFrom } from './formed-from.js';

const unit = (code: string, name: string, districtCode: string, districtName: string, type = 'Phường') => ({
  code,
  name,
  type,
  districtCode,
  districtName,
});
const OLD = [
  unit('00001', 'Quang Trung', '006', 'Đống Đa'),
  unit('09574', 'Quang Trung', '269', 'Sơn Tây'),
  unit('00002', 'Cửa Nam', '002', 'Hoàn Kiếm'),
  unit('00003', 'Hàng Bông', '002', 'Hoàn Kiếm'),
  unit('00004', 'Láng Hạ', '006', 'Đống Đa'),
  unit('00005', 'Phương Liên', '006', 'Đống Đa'),
  unit('00006', 'Trung Tự', '006', 'Đống Đa'),
];

describe('matchFormedFrom', () => {
  it('drops "phần còn lại …" parentheses, which name 2025 units', () => {
    const m = matchFormedFrom(
      'Phường Cửa Nam (phần còn lại sau khi sáp nhập vào phường Hàng Bông, phường Láng Hạ)',
      OLD,
    );
    expect(m.oldCodes).toEqual(['00002']);
  });

  it('reads names after noise phrases, with or without a type word', () => {
    const m = matchFormedFrom('một phần diện tích TN, quy mô dân số của các phường Cửa Nam, Hàng Bông và Láng Hạ', OLD);
    expect(m.oldCodes).toEqual(['00002', '00003', '00004']);
    expect(m.unmatched).toEqual([]);
  });

  it('uses a district in parentheses to pick between namesakes', () => {
    expect(matchFormedFrom('Phường Quang Trung (quận Đống Đa)', OLD).oldCodes).toEqual(['00001']);
  });

  it('resolves namesakes towards the districts of the other names', () => {
    expect(matchFormedFrom('Phường Láng Hạ, Phường Quang Trung', OLD).oldCodes).toEqual(['00004', '00001']);
  });

  it('expands a name created on 1 Jan 2025 into its 2019–2024 parts', () => {
    expect(matchFormedFrom('Phường Phương Liên Trung Tự', OLD).oldCodes).toEqual(['00005', '00006']);
  });

  it('reports names it cannot place', () => {
    expect(matchFormedFrom('Phường Không Có, Phường Cửa Nam', OLD).unmatched).toEqual(['phuong khong co']);
  });
});
