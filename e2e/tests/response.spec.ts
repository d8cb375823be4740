import { expect, test, type Page } from '@playwright/test';
import { clearFaults, download, injectFault, downloadBytes, list, moveOn, readSheet, shownNames, signIn, startOver, thread, unzip, useSettings } from './demo';

// How fast the shop answers, from every conversation's messages: the flower shop's account has
// eight conversations whose answers take known times (see demo-api/src/timed.rs).

const TIMED = { id: '303', hash: '9b3e7a11c0d54f2a8e6b1d0c7f3a5e29' };

test.use({ timezoneId: 'Asia/Ho_Chi_Minh' });

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
  await startOver(request);
});

test.afterAll(async ({ request }) => {
  await startOver(request);
});

/** Every `/chistory.php` request the page makes, by the customer it asks about. */
function watchThreads(page: Page) {
  const asked: { customer: number }[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/chistory.php')) {
      asked.push({ customer: Number(new URLSearchParams(r.postData() ?? '').get('to_id')) });
    }
  });
  return asked;
}

async function openStats(page: Page, remember = false) {
  await page.goto('/?view=stats');
  await signIn(page, { ...TIMED, remember });
  await expect(page.getByText('8 cuộc trò chuyện', { exact: false }).first()).toBeVisible();
}

const start = (page: Page) => page.getByRole('button', { name: 'Phân tích thời gian phản hồi' }).click();
const done = (page: Page) => page.getByText('Đã đọc tin nhắn của mọi cuộc trò chuyện đã tải.');
const figure = (page: Page, term: string) => page.locator('.vch-response .vch-figure').filter({ has: page.getByText(term, { exact: true }) }).locator('dd');

test('the messages are read one conversation at a time at the load-interval pace, paused and resumed, and after a reload only what changed is read again', async ({ page, request }) => {
  // When the app calls fetch for each conversation, by the page's own clock.
  await page.addInitScript(() => {
    const started: number[] = [];
    (window as any).__started = started;
    const fetch = window.fetch;
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      if (input instanceof Request && input.url.endsWith('/chistory.php')) started.push(performance.now());
      return fetch.call(this, input, init);
    };
  });
  await useSettings(page, { 'load-interval-ms': '300' });
  const asked = watchThreads(page);
  await openStats(page, true);
  await start(page);
  await expect.poll(() => asked.length).toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Tạm dừng' }).click();
  await expect(page.getByText(/^Đã tạm dừng · còn \d cuộc trò chuyện$/)).toBeVisible();
  const paused = asked.length;
  // Two periods: nothing more is asked while paused.
  await page.waitForTimeout(600);
  expect(asked.length).toBe(paused);
  await page.getByRole('button', { name: 'Tiếp tục phân tích' }).click();
  await expect(done(page)).toBeVisible();
  // Each conversation once (the one paused in flight, if any, again), none beside another.
  expect(new Set(asked.map((a) => a.customer)).size).toBe(8);
  expect(asked.length).toBeLessThanOrEqual(9);
  const started: number[] = await page.evaluate(() => (window as any).__started);
  const gaps = started.slice(1).map((at, i) => at - started[i]);
  // Never closer than asked: the app paces by this same clock, and its timers round up. Less than
  // a millisecond is left for the instant the app reads its clock before it calls fetch.
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(299);

  // The next visit reads nothing again: every conversation is as it was read.
  const before = asked.length;
  await page.reload();
  await expect(done(page)).toBeVisible();
  await expect(figure(page, 'Thời gian phản hồi (trung vị)')).toHaveText('20 phút');
  expect(asked.length).toBe(before);

  // The latest customer writes again: at the visit after, that conversation alone is read.
  await moveOn(request, 0, [0], TIMED.id);
  await page.reload();
  await expect(done(page)).toBeVisible();
  await expect.poll(() => asked.length).toBe(before + 1);
  expect(asked[before].customer).toBe(303_008);
});

test('the figures of the known threads: median, 90th percentile, shares, per answerer, never answered, the heatmap and its table', async ({ page }) => {
  await openStats(page);
  await start(page);
  await expect(done(page)).toBeVisible();
  // 1, 3, 10, 20, 30 and 45 minutes, 2 and 3 hours, in shop hours (08:00–22:00).
  await expect(page.getByText('Chỉ tính giờ làm việc: 08:00–22:00 mỗi ngày')).toBeVisible();
  await expect(page.getByText('8 cuộc trò chuyện đã phân tích, 8 lượt trả lời')).toBeVisible();
  await expect(figure(page, 'Thời gian phản hồi (trung vị)')).toHaveText('20 phút');
  await expect(figure(page, '90% lượt trả lời trong vòng')).toHaveText('3 giờ');
  await expect(figure(page, 'Trả lời trong 5 phút')).toHaveText('2 (25,0 %)');
  await expect(figure(page, 'Trả lời trong 1 giờ')).toHaveText('6 (75,0 %)');
  await expect(figure(page, 'Trả lời trong 1 ngày')).toHaveText('8 (100,0 %)');
  await expect(figure(page, 'Khách chưa từng được trả lời')).toHaveText('1');

  const answerers = page.getByRole('table', { name: 'Theo người trả lời' });
  await expect(answerers.getByRole('row')).toHaveText([
    /Người trả lời.*Cuộc trò chuyện.*Lượt trả lời/,
    'Hỗ trợ viên #630395' + '33' + '45 phút',
    'Tài khoản shop' + '11' + '30 phút',
    'Hỗ trợ viên #630394' + '44' + '10 phút',
  ]);

  const heatmap = page.getByRole('table', { name: /Giờ khách nhắn nhiều nhất/ });
  const row = async (day: string) =>
    (await heatmap.getByRole('row').filter({ has: page.getByRole('rowheader', { name: day, exact: true }) }).getByRole('cell').allTextContents()).map(Number);
  const hours = (marks: Record<number, number>) => Array.from({ length: 24 }, (_, h) => marks[h] ?? 0);
  expect(await row('Thứ 2')).toEqual(hours({ 9: 1, 10: 1, 21: 1 }));
  expect(await row('Thứ 3')).toEqual(hours({ 9: 1, 11: 1, 14: 2 }));
  expect(await row('Thứ 4')).toEqual(hours({ 15: 1, 23: 1 }));
  expect(await row('Thứ 5')).toEqual(hours({ 10: 1 }));
  for (const day of ['Thứ 6', 'Thứ 7', 'Chủ nhật']) expect(await row(day)).toEqual(hours({}));
  // The busiest hour is shaded fully, an empty one not at all.
  const shade = (day: string, hour: number) =>
    heatmap.getByRole('row').filter({ has: page.getByRole('rowheader', { name: day, exact: true }) }).getByRole('cell').nth(hour).getAttribute('style');
  expect(await shade('Thứ 3', 14)).toBe('--vch-heat:100%');
  expect(await shade('Thứ 3', 15)).toBe('--vch-heat:0%');
  expect(await shade('Thứ 2', 9)).toBe('--vch-heat:50%');
});

test("each conversation's first response in its row, its thread pane, the filter and both files", async ({ page }) => {
  await useSettings(page, { 'load-interval-ms': '0' });
  await openStats(page);
  await start(page);
  await expect(done(page)).toBeVisible();
  await page.getByRole('button', { name: 'Cuộc trò chuyện', exact: true }).click();
  await expect(shownNames(page)).toHaveText([
    'Hoàng Văn Nam', 'Bùi Thị Thu', 'Đỗ Văn Hùng', 'Phạm Văn Tuấn', 'Võ Thị Mai', 'Lê Thị Hoa', 'Trần Văn Minh', 'Nguyễn Thị Lan',
  ]);
  await expect(list(page).getByText(/^Trả lời sau /)).toHaveText([
    'Trả lời sau 3 giờ', 'Trả lời sau 45 phút', 'Trả lời sau 10 phút', 'Trả lời sau 30 phút', 'Trả lời sau 20 phút', 'Trả lời sau 2 giờ', 'Trả lời sau 3 phút',
  ]);

  await list(page).getByRole('link', { name: 'Lê Thị Hoa' }).click();
  await expect(thread(page, 'Lê Thị Hoa').getByText('Trả lời lần đầu sau 20 phút · Hỗ trợ viên #630394')).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByText('Bộ lọc').click();
  await page.getByLabel('Phản hồi đầu tiên').selectOption({ label: 'Chậm hơn 1 giờ' });
  await expect(page).toHaveURL(/[?&]slow=3600(&|$)/);
  await expect(shownNames(page)).toHaveText(['Hoàng Văn Nam', 'Trần Văn Minh']);
  await expect(page.getByText('2 kết quả trong 8 cuộc trò chuyện')).toBeVisible();

  const csv = await download(page, () => page.getByRole('button', { name: 'Xuất CSV' }).click());
  const column = csv.rows[0].indexOf('Phản hồi đầu tiên (giây)');
  expect(column).toBeGreaterThan(0);
  expect(csv.rows.slice(1).map((r) => [r[0], r[column]])).toEqual([['303008', '10800'], ['303002', '7200']]);

  const excel = await downloadBytes(page, () => page.getByRole('button', { name: 'Xuất Excel' }).click());
  const { cells } = readSheet(unzip(excel.bytes));
  const letter = String.fromCharCode('A'.charCodeAt(0) + column);
  expect(cells.get(`${letter}1`)?.text).toBe('Phản hồi đầu tiên (giây)');
  expect([cells.get(`${letter}2`)?.number, cells.get(`${letter}3`)?.number]).toEqual([10800, 7200]);
});

test('a failed request pauses the reading with the error, and "Tiếp tục phân tích" goes on from it', async ({ page, request }) => {
  await useSettings(page, { 'load-interval-ms': '0' });
  const asked = watchThreads(page);
  await openStats(page);
  await injectFault(request, { fault: 'http502', endpoint: 'chistory', times: 1 });
  await start(page);
  await expect(page.getByText(/^Không đọc được tin nhắn: .+/)).toBeVisible();
  expect(asked).toHaveLength(1);
  await page.getByRole('button', { name: 'Tiếp tục phân tích' }).click();
  await expect(done(page)).toBeVisible();
  // The one that failed first, then the seven others.
  expect(asked.map((a) => a.customer)).toEqual([303_008, 303_008, 303_007, 303_006, 303_004, 303_005, 303_003, 303_002, 303_001]);
  await expect(figure(page, 'Thời gian phản hồi (trung vị)')).toHaveText('20 phút');
});

test('the shop-hours setting: always open counts every minute', async ({ page }) => {
  await useSettings(page, { 'load-interval-ms': '0', 'shop-hours': '00:00-24:00' });
  await openStats(page);
  await start(page);
  await expect(done(page)).toBeVisible();
  await expect(page.getByText('Giờ làm việc: cả ngày')).toBeVisible();
  // Lê Thị Hoa's 21:50 → 08:10 is 10 h 20 min; Bùi Thị Thu's 23:30 → 08:45 is 9 h 15 min.
  await page.getByRole('button', { name: 'Cuộc trò chuyện', exact: true }).click();
  const row = (name: string) => list(page).getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
  await expect(row('Lê Thị Hoa').getByText(/^Trả lời sau /)).toHaveText('Trả lời sau 10 giờ 20 phút');
  await expect(row('Bùi Thị Thu').getByText(/^Trả lời sau /)).toHaveText('Trả lời sau 9 giờ 15 phút');
});
