import { expect, test, type Page } from '@playwright/test';
import { DEMO, clearFaults, countRequests, download, isWaiting, list, moveOn, namesOnPage, rowsOnPage, shownNames, signIn, signInLarge, startOver, useSettings, wholeHistory, type FullRow } from './demo';

// What a shop owner asks first: who is still waiting for an answer, and for how long.

test.use({ timezoneId: 'Asia/Ho_Chi_Minh' });

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
  await startOver(request);
});

test.afterAll(async ({ request }) => {
  await startOver(request);
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

test('what came since the last visit is "Mới" until opened, and counted beside the title', async ({ browser, request }) => {
  const context = await browser.newContext();
  // The first visit, on a standing clock just after the newest message.
  const newest = Number((await rowsOnPage(request, 1, DEMO))[0].last_msg[0].cha_time);
  const first = await context.newPage();
  await first.clock.setFixedTime((newest + 1) * 1000);
  await first.goto('/');
  await signIn(first, { remember: true });
  await expect(shownNames(first)).toHaveCount(30);
  // Nothing is new on a first visit.
  const marked = (page: Page) => list(page).getByText('Mới', { exact: true }).filter({ visible: true });
  await expect(marked(first)).toHaveCount(0);
  await expect(first.getByText(/mới từ lần trước/)).toBeHidden();
  await first.close();

  // Meanwhile 3 new customers write, and the 10th of the list writes again.
  await moveOn(request, 3, [9]);
  const top = (await rowsOnPage(request, 1, DEMO)).slice(0, 4).map((r) => r.use_name);

  // The next day: those 4 are new, the rest is not.
  const next = await context.newPage();
  await next.clock.setFixedTime((newest + 86_400) * 1000);
  await next.goto('/');
  await expect(shownNames(next)).toHaveCount(30);
  const row = (name: string) => list(next).getByRole('listitem').filter({ has: next.getByRole('heading', { name, exact: true }) });
  for (const name of top) await expect(row(name).getByText('Mới', { exact: true })).toBeVisible();
  await expect(marked(next)).toHaveCount(4);
  await expect(next.getByText('4 cuộc trò chuyện mới từ lần trước')).toBeVisible();

  // Opened: no longer new.
  await row(top[1]).getByRole('link', { name: top[1] }).click();
  await expect(row(top[1]).getByText('Mới', { exact: true })).toBeHidden();
  await expect(next.getByText('3 cuộc trò chuyện mới từ lần trước')).toBeVisible();
  await expect(row(top[0]).getByText('Mới', { exact: true })).toBeVisible();

  // Signing out forgets the visit with the session.
  await next.getByRole('button', { name: 'Đăng xuất' }).click();
  expect(await next.evaluate(() => [localStorage.getItem('vchat-history.visit'), sessionStorage.getItem('vchat-history.visit')])).toEqual([null, null]);
  await context.close();
});

/** Puts the tab in the background, or brings it back, as the browser tells the page. */
async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((hidden) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, hidden);
}

test('conversations arriving while page 1 is open wait under a button, counted in the title; the rows move only when it is pressed; nothing is asked while the tab is hidden', async ({ page, request }) => {
  await useSettings(page, { 'refresh-seconds': '1', 'load-interval-ms': '0' });
  const requests = countRequests(page);
  await page.goto('/');
  await signIn(page);
  const before = await namesOnPage(request, 1);
  await expect(shownNames(page)).toHaveText(before);
  // Asked again each second while visible, once the whole history has loaded.
  await expect.poll(() => requests.done(1), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);

  await setHidden(page, true);
  // A request that left just before may still be reported.
  await page.waitForTimeout(500);
  const asked = requests.of(1);
  // Two new customers write, and the fifth of the list writes again.
  await moveOn(request, 2, [4]);
  // Three periods in the background.
  await page.waitForTimeout(3_000);
  expect(requests.of(1), 'nothing asked while hidden').toBe(asked);
  await expect(page.getByRole('button', { name: /cuộc trò chuyện mới$/ })).toBeHidden();

  // Back in front: page 1 is asked again; the rows stay where they were.
  await setHidden(page, false);
  const pill = page.getByRole('button', { name: '3 cuộc trò chuyện mới', exact: true });
  await expect(pill).toBeVisible();
  expect(requests.of(1)).toBeGreaterThan(asked);
  await expect(page).toHaveTitle('(3) Lịch sử chat vChat');
  await expect(shownNames(page)).toHaveText(before);
  // The search has them already.
  const search = page.getByRole('searchbox', { name: 'Tìm khách' });
  await search.fill('Khách mới 1');
  await expect(shownNames(page).filter({ hasText: /^Khách mới 1$/ })).toHaveCount(1);
  await search.fill('');
  await expect(shownNames(page)).toHaveText(before);

  await pill.click();
  const after = await namesOnPage(request, 1);
  expect(after.slice(3)).toEqual([...before.slice(0, 4), ...before.slice(5)].slice(0, 27));
  await expect(shownNames(page)).toHaveText(after);
  await expect(pill).toBeHidden();
  await expect(page).toHaveTitle('Lịch sử chat vChat');
  await expect(page.getByRole('heading', { name: 'Lịch sử trò chuyện', level: 2 })).toBeFocused();
});

test('one person under three ways of writing their number: each row says how often they wrote, the thread lists the others, the file groups them', async ({ page, request }) => {
  const history = await wholeHistory(request);
  // The demo's person: a member's profile, an old 11-digit form, +84 with dots.
  const forms = ['0399 123 456', '01699123456', '+84 399.123.456'];
  const theirs = history.filter((r) => forms.some((form) => r.phone === form || r.last_msg[0].cha_message.includes(form)));
  expect(theirs).toHaveLength(3);
  await signInLarge(page);
  await page.getByRole('searchbox', { name: 'Tìm khách' }).fill('0399123456');
  await expect(page.getByText('3 kết quả trong 2.987 cuộc trò chuyện', { exact: true })).toBeVisible();
  await expect(shownNames(page)).toHaveText(theirs.map((r) => r.use_name));
  await expect(list(page).getByText('Đã nhắn 3 lần', { exact: true })).toHaveCount(3);

  // Open the first: the pane lists the two others; one opens as from the list.
  await page.getByRole('link', { name: theirs[0].use_name, exact: true }).click();
  const others = page.getByRole('navigation', { name: 'Các cuộc trò chuyện khác của khách này (2)' });
  await expect(others.getByRole('link')).toHaveText([theirs[1].use_name, theirs[2].use_name]);
  await others.getByRole('link', { name: theirs[2].use_name }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]c=${theirs[2].uss_sso_id}(&|$)`));
  await expect(page.getByRole('heading', { level: 2, name: theirs[2].use_name })).toBeVisible();
  await expect(page.getByRole('navigation', { name: /khác của khách này \(2\)/ }).getByRole('link')).toHaveText([theirs[0].use_name, theirs[1].use_name]);

  // A row of someone else says nothing of it.
  await page.getByRole('searchbox', { name: 'Tìm khách' }).fill('');
  const single = history.slice(0, 30).find((r) => !theirs.includes(r))!;
  const row = list(page).getByRole('listitem').filter({ has: page.getByRole('heading', { name: single.use_name, exact: true }) });
  await expect(row.getByText(/^Đã nhắn/).filter({ visible: true })).toHaveCount(0);

  // The files carry the number they share.
  await page.getByRole('searchbox', { name: 'Tìm khách' }).fill('0399123456');
  const file = await download(page, () => page.getByRole('button', { name: 'Xuất CSV' }).click());
  expect(file.rows.slice(1).map((r) => [r[0], r[14]])).toEqual(theirs.map((r) => [String(r.uss_sso_id), '0399123456']));
});
