import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMap, signInThroughUi } from './browser.js';
import { BROWSER_SUITE_SKIPPED, SHOTS, startBrowserSuite } from './browser-suite.js';
import type { TestDb } from './engines.js';
import { seedAccount } from './http-client.js';

const PHONE = { width: 390, height: 844 };
const PASSWORD = 'browser password 1';

describe.skipIf(BROWSER_SUITE_SKIPPED)('accounts in Chromium', () => {
  let db: TestDb;
  let origin: string;
  let close: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    ({ db, origin, browser, close } = await startBrowserSuite(async (db) => {
      // the Hoàn Kiếm district (002) holds ward 00070
      await seedAccount(db, 'hoankiem@hanoi.gov.vn', 'district_officer', { level: 'district', code: '002' }, PASSWORD);
      await seedAccount(db, 'admin@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    }));
  });
  afterAll(() => close?.());

  const signIn = (page: import('playwright-core').Page, email: string) => signInThroughUi(page, email, PASSWORD);

  it('registers a business, showing field errors in Vietnamese first', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?lat=21.03&lon=105.85&z=13`, PHONE);
    await page.getByTestId('sign-in').click();
    await page.getByRole('tab', { name: 'Đăng ký doanh nghiệp' }).click();
    const form = page.getByTestId('auth-form');
    await form.getByLabel('Email').fill('khong-phai-email');
    await form.getByLabel('Mật khẩu').fill('ngan');
    await form.getByRole('button', { name: 'Đăng ký doanh nghiệp' }).click();
    await expect.poll(() => form.textContent()).toContain('Địa chỉ email không hợp lệ');
    expect(await form.textContent()).toContain('Cần ít nhất 10 ký tự');
    expect(await form.textContent()).toContain('Vui lòng kiểm tra các trường được đánh dấu.');
    await page.screenshot({ path: `${SHOTS}register-errors-phone.png` });
    await form.getByLabel('Email').fill('cuahang@example.vn');
    // a password too easy to guess is refused with the reason in the reader's language
    await form.getByLabel('Mật khẩu').fill('password12');
    await form.getByRole('button', { name: 'Đăng ký doanh nghiệp' }).click();
    await expect.poll(() => form.textContent()).toContain('Mật khẩu quá dễ đoán');
    await page.screenshot({ path: `${SHOTS}register-weak-password-phone.png` });
    await form.getByLabel('Mật khẩu').fill(PASSWORD);
    await form.getByLabel('Tên hiển thị').fill('Cửa hàng Hoa Mai');
    await form.getByRole('button', { name: 'Đăng ký doanh nghiệp' }).click();
    await expect.poll(() => page.getByTestId('account').textContent()).toBe('Cửa hàng Hoa MaiDoanh nghiệp');
    const [row] = await db.query<{ role: string }>(`SELECT role FROM accounts WHERE email = 'cuahang@example.vn'`);
    expect(row.role).toBe('business');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets a district officer edit a ward contact in scope through the UI (CSRF token sent), and not a business', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?ward=00070&lat=21.03&lon=105.85&z=14`, PHONE);
    const panel = page.getByTestId('ward-panel');
    await panel.getByTestId('ward-contact').waitFor();
    expect(await panel.getByTestId('edit-contact').count()).toBe(0);
    await signIn(page, 'hoankiem@hanoi.gov.vn');
    expect(await page.getByTestId('account').textContent()).toContain('Cán bộ quận/huyện · Hoàn Kiếm');
    await panel.getByTestId('edit-contact').click();
    const form = panel.getByTestId('contact-form');
    await form.getByLabel('Đường dây nóng').fill('024 3825 2222');
    await form.getByLabel('Trạm y tế', { exact: true }).fill('Trạm Y tế phường Hoàn Kiếm');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => panel.getByTestId('ward-contact').textContent()).toContain('024 3825 2222');
    expect(await panel.locator('a[href="tel:02438252222"]').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}ward-contact-officer-phone.png` });
    const [audit] = await db.query<{ actor_email: string }>(
      `SELECT actor_email FROM audit_log WHERE action = 'ward_contact.update' AND entity_id = '00070'`,
    );
    expect(audit.actor_email).toBe('hoankiem@hanoi.gov.vn');
    // signed out, the edit button is gone again
    await page.getByTestId('account').click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await page.getByTestId('sign-in').waitFor();
    expect(await panel.getByTestId('edit-contact').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets the city admin create an official account and see it in the audit log', async () => {
    const { page, errors } = await openMap(browser, `${origin}/?lat=21.03&lon=105.85&z=13`, {
      width: 1440,
      height: 900,
    });
    await signIn(page, 'admin@hanoi.gov.vn');
    await page.getByTestId('account').click();
    await page.getByRole('menuitem', { name: 'Quản lý tài khoản' }).click();
    const form = page.getByTestId('new-official');
    await form.getByLabel('Email').fill('phuong.hoankiem@hanoi.gov.vn');
    await form.getByLabel('Tên hiển thị').fill('Nguyễn Thị Lan');
    await form.getByLabel('Phạm vi').selectOption('00070');
    await form.getByRole('button', { name: 'Tạo tài khoản cán bộ' }).click();
    await expect.poll(() => page.getByTestId('generated-password').textContent()).toMatch(/^\w{5}-\w{5}-\w{5}-\w{5}$/);
    await expect.poll(() => page.getByTestId('accounts').textContent()).toContain('Nguyễn Thị Lan');
    await expect.poll(() => page.getByTestId('audit').textContent()).toContain('Tạo tài khoản');
    await page.screenshot({ path: `${SHOTS}admin-accounts-desktop.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
