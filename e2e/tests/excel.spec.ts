import { expect, test } from '@playwright/test';
import { HOSTILE, clearFaults, downloadBytes, isWaiting, namesOnPage, readSheet, signIn, signInLarge, unzip, wholeHistory } from './demo';

// "Xuất Excel": a real workbook, written by a worker loaded only for it, that Excel opens with
// phone numbers as text (keeping their 0), times as dates in the admin's zone, Vietnamese intact.

test.use({ timezoneId: 'Asia/Ho_Chi_Minh' });

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

/** Column letters of the export, as the CSV's columns. */
const COLUMN = { id: 'A', name: 'B', leadName: 'C', phone: 'D', written: 'E', time: 'J', agent: 'N' };

test('the Excel file of a filtered list: phone numbers as text, times as dates, the header frozen and filtered; its writer loaded only then', async ({ page, request }) => {
  const history = await wholeHistory(request);
  const waiting = history.filter(isWaiting);
  const scripts: string[] = [];
  page.on('request', (r) => scripts.push(new URL(r.url()).pathname));
  await signInLarge(page);
  // The writer is not part of the app's first download.
  expect(scripts.filter((path) => path.includes('vchat-xlsx'))).toEqual([]);

  await page.getByLabel('Chờ trả lời', { exact: true }).check();
  await expect(page.getByText(`${waiting.length.toLocaleString('de-DE')} kết quả trong 2.987 cuộc trò chuyện`)).toBeVisible();
  const file = await downloadBytes(page, () => page.getByRole('button', { name: 'Xuất Excel' }).click());
  expect(file.name).toMatch(/^vchat-history-2026-\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(scripts.some((path) => /vchat-xlsx-[0-9a-f]+_bg\.wasm$/.test(path))).toBe(true);
  // Focus stays on the button that asked for it, and nothing is left on screen.
  await expect(page.getByRole('button', { name: 'Xuất Excel' })).toBeFocused();
  await expect(page.getByText('Đang tạo tệp Excel…')).toHaveCount(0);

  const { sheet, cells } = readSheet(unzip(file.bytes));
  const at = (column: string, row: number) => cells.get(`${column}${row}`);
  expect(at('A', 1)?.text).toBe('Mã khách');
  expect(at('D', 1)?.text).toBe('Số điện thoại');
  // Frozen under the header, filters on across the 16 columns of every row, columns sized.
  expect(sheet).toMatch(/<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
  expect(sheet).toContain(`<autoFilter ref="A1:P${waiting.length + 1}"/>`);
  expect(sheet).toMatch(/<cols>(<col [^>]*customWidth="1"\/>)+<\/cols>/);
  expect([...cells.values()].some((cell) => cell.formula)).toBe(false);

  // Column by column, each compared whole (an expect a cell took minutes).
  const rows = waiting.map((_, i) => i + 2);
  expect(rows.map((r) => at(COLUMN.id, r)?.number)).toEqual(waiting.map((row) => row.uss_sso_id));
  expect(rows.map((r) => at(COLUMN.name, r)?.text ?? '')).toEqual(waiting.map((row) => row.use_name.trim()));
  expect(rows.map((r) => at(COLUMN.agent, r)?.number ?? 0)).toEqual(waiting.map((row) => row.support_id));
  // Phone numbers: text, with the leading 0, as Excel must show them.
  const phones = rows.map((r) => at(COLUMN.phone, r)).filter((cell) => cell !== undefined);
  expect(phones.length).toBeGreaterThan(100);
  expect(phones.filter((cell) => !/^0\d{8,10}$/.test(cell.text ?? ''))).toEqual([]);
  // The time as an Excel date (days since 1899-12-30) in Vietnam's zone (UTC+7), to the second.
  const times = rows.map((r) => at(COLUMN.time, r));
  expect(new Set(times.map((cell) => cell?.format))).toEqual(new Set(['dd/mm/yyyy hh:mm:ss']));
  expect(times.map((cell) => Math.round(((cell?.number ?? 0) - 25_569) * 86_400 - 7 * 3600))).toEqual(
    waiting.map((row) => Number(row.last_msg[0].cha_time)),
  );
  expect(cells.get(`A${waiting.length + 2}`)).toBeUndefined();
  // Vietnamese intact: names with their marks.
  expect(waiting.some((row) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(row.use_name))).toBe(true);
});

test('the Excel file of attack strings holds them as text, no formula, nothing run', async ({ page, request }) => {
  await page.goto('/');
  await signIn(page, HOSTILE);
  const names = await namesOnPage(request, 1, HOSTILE);
  const file = await downloadBytes(page, () => page.getByRole('button', { name: 'Xuất Excel' }).click());
  const { cells } = readSheet(unzip(file.bytes));
  expect([...cells.values()].some((cell) => cell.formula)).toBe(false);
  // Each name exactly as sent (trimmed, as the CSV has it), whatever it holds: markup, formulas,
  // quotes, line breaks, control characters.
  names.forEach((name, i) => expect(cells.get(`B${i + 2}`)?.text ?? '', `row ${i + 2}`).toBe(name.trim()));
  expect(names.some((name) => /^\s*[=+@-]/.test(name))).toBe(true);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
});

test('when the Excel writer cannot be loaded, the admin is told, and a retry writes the file', async ({ page }) => {
  let refuse = true;
  await page.route(/vchat-xlsx-[0-9a-f]+_bg\.wasm$/, (route) => (refuse ? route.fulfill({ status: 503, body: '' }) : route.continue()));
  await signInLarge(page);
  await page.getByRole('searchbox', { name: 'Tìm khách' }).fill('nguyen');
  await expect(page.getByText(`kết quả trong`)).toBeVisible();
  await page.getByRole('button', { name: 'Xuất Excel' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Không tạo được tệp Excel' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Hãy thử lại, hoặc xuất CSV.');
  refuse = false;
  const file = await downloadBytes(page, () => alert.getByRole('button', { name: 'Thử lại' }).click());
  expect(file.name).toMatch(/\.xlsx$/);
  await expect(alert).toHaveCount(0);
});
