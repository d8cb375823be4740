import { expect, test, type Page } from '@playwright/test';
import { clearFaults, download, isWaiting, list, signInLarge, wholeHistory, type FullRow } from './demo';

// What a shop owner asks first: who is still waiting for an answer, and for how long.

test.use({ timezoneId: 'Asia/Ho_Chi_Minh' });

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

const TOTAL = 2987;
const vi = (n: number) => n.toLocaleString('de-DE');
const total = (page: Page, n: number) => page.getByText(`${vi(n)} kết quả trong ${vi(TOTAL)} cuộc trò chuyện`, { exact: true });

/** "Chờ trả lời · 2 giờ": the test's own reading of how long a row has waited at `now` (ms). */
function waitingText(row: FullRow, now: number): string {
  const s = Math.max(0, Math.floor(now / 1000) - Number(row.last_msg[0].cha_time));
  const span =
    s < 60 ? 'dưới 1 phút'
    : s < 3600 ? `${Math.floor(s / 60)} phút`
    : s < 86_400 ? `${Math.floor(s / 3600)} giờ`
    : s < 30 * 86_400 ? `${Math.floor(s / 86_400)} ngày`
    : s < 365 * 86_400 ? `${Math.floor(s / (30 * 86_400))} tháng`
    : `${Math.floor(s / (365 * 86_400))} năm`;
  return `Chờ trả lời · ${span}`;
}

test('conversations waiting for an answer: each row says for how long, a filter keeps them, the total, the file and the statistics count them', async ({ page, request }) => {
  const history = await wholeHistory(request);
  const waiting = history.filter(isWaiting);
  // The demo's history has both, so the filter narrows.
  expect(waiting.length).toBeGreaterThan(TOTAL / 2);
  expect(waiting.length).toBeLessThan(TOTAL);
  // The browser's clock stands still, so how long each waited is what the test computes.
  const now = Date.now();
  await page.clock.setFixedTime(now);
  await signInLarge(page);

  // Page 1: a badge on every waiting row, in order, none on an answered one.
  const first = history.slice(0, 30);
  expect(first.some(isWaiting) && !first.every(isWaiting)).toBe(true);
  const badges = list(page).getByText(/^Chờ trả lời · /);
  await expect(badges).toHaveText(first.filter(isWaiting).map((r) => waitingText(r, now)));
  const answered = first.find((r) => !isWaiting(r))!;
  const answeredRow = list(page).getByRole('listitem').filter({ has: page.getByRole('heading', { name: answered.use_name, exact: true }) });
  await expect(answeredRow.getByText(/^Chờ trả lời/)).toHaveCount(0);

  // The filter: the total counts them, every row shown waits, and it is in the URL.
  await page.getByLabel('Chờ trả lời', { exact: true }).check();
  await expect(total(page, waiting.length)).toBeVisible();
  await expect(page).toHaveURL(/[?&]waiting=1(&|$)/);
  await expect(badges).toHaveText(waiting.slice(0, 30).map((r) => waitingText(r, now)));
  const file = await download(page, () => page.getByRole('button', { name: 'Xuất CSV' }).click());
  expect(file.rows.slice(1).map((r) => r[0])).toEqual(waiting.map((r) => String(r.uss_sso_id)));

  // Reload keeps it; the statistics count them by how long they have waited.
  await page.reload();
  await expect(total(page, waiting.length)).toBeVisible();
  await expect(page.getByLabel('Chờ trả lời', { exact: true })).toBeChecked();
  await page.getByLabel('Chờ trả lời', { exact: true }).uncheck();
  await expect(page).not.toHaveURL(/waiting=/);
  await page.getByRole('button', { name: 'Thống kê' }).click();
  await expect(page.getByText(`Từ ${vi(TOTAL)} cuộc trò chuyện của toàn bộ lịch sử`)).toBeVisible();
  const figure = page.locator('.vch-figure').filter({ has: page.getByText('Chờ trả lời', { exact: true }) }).locator('dd');
  await expect(figure).toHaveText(`${vi(waiting.length)} (${((waiting.length * 100) / TOTAL).toFixed(1).replace('.', ',')} %)`);
  const waited = (r: FullRow) => Math.floor(now / 1000) - Number(r.last_msg[0].cha_time);
  const spans = [
    waiting.filter((r) => waited(r) < 3600).length,
    waiting.filter((r) => waited(r) >= 3600 && waited(r) < 86_400).length,
    waiting.filter((r) => waited(r) >= 86_400).length,
  ];
  expect(spans[2]).toBeGreaterThan(0);
  const table = page.getByRole('table', { name: 'Đã chờ bao lâu' });
  await expect(table.getByRole('row')).toHaveText([/Đã chờ bao lâu/, `Dưới 1 giờ${vi(spans[0])}`, `Từ 1 giờ đến 1 ngày${vi(spans[1])}`, `Hơn 1 ngày${vi(spans[2])}`]);
});
