import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  HOSTILE,
  LARGE,
  clearFaults,
  countRequests,
  cellsAsExcelWithSemicolons,
  download,
  injectFault,
  leadNumber,
  list,
  openSignedIn,
  rowsOnPage,
  shownNames,
  signIn,
  signInLarge,
  useSettings,
  wholeHistory,
  type FullRow,
} from './demo';

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

// The large account's 100 pages, as the demo API sends them.
const LARGE_PAGES = 100;
const LARGE_CONVERSATIONS = 2987;
/** Vietnamese thousands: 2.987. */
const vi = (n: number) => n.toLocaleString('de-DE');

function searchField(page: Page) {
  return page.getByRole('searchbox', { name: 'Tìm khách' });
}

const complete = (pages: number, conversations: number) =>
  `Đã tải toàn bộ lịch sử: ${vi(pages)} trang · ${vi(conversations)} cuộc trò chuyện`;

test('finds a customer in the whole history by an unaccented name, a phone in another form or its old number', async ({ page, request }) => {
  const truyen = (await rowsOnPage(request, 57, LARGE))[10];
  expect(truyen.last_msg[0].cha_message).toBe('Khách: hà văn truyền  01668152371  chào anh chị');
  const khoi = (await rowsOnPage(request, 93, LARGE))[11];
  expect(khoi.use_name).toBe('Triệu Minh Khôi');
  await signInLarge(page);

  await page.locator('body').press('/');
  await expect(searchField(page)).toBeFocused();
  await searchField(page).fill('truyen');
  await expect(page.getByText(complete(LARGE_PAGES, LARGE_CONVERSATIONS))).toBeVisible();
  await expect(page.getByText(`1 kết quả trong ${vi(LARGE_CONVERSATIONS)} cuộc trò chuyện`)).toBeVisible();
  await expect(shownNames(page)).toHaveText([truyen.use_name]);
  const row = list(page).getByRole('listitem');
  await expect(row.locator('mark')).toHaveText(['truyền', 'truyền']);
  await expect(row.getByRole('link', { name: '0368152371' })).toHaveAttribute('href', 'tel:0368152371');
  await expect(row.getByText('(viết là 01668152371)')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Phân trang' })).toBeHidden();

  for (const query of ['0368.152.371', '+84 368 152 371', '01668152371', 'HA VAN 0368152371']) {
    await searchField(page).fill(query);
    await expect(shownNames(page)).toHaveText([truyen.use_name]);
    await expect(row.getByRole('link', { name: '0368152371' }).locator('mark')).toBeVisible();
  }
  for (const query of ['01687654321', '+84 387 654 321', 'trieu minh']) {
    await searchField(page).fill(query);
    await expect(shownNames(page)).toHaveText([khoi.use_name]);
  }
  // The address bar follows once the typing pauses.
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('trieu minh');

  // Reload and back/forward keep the search.
  await page.reload();
  await expect(searchField(page)).toHaveValue('trieu minh');
  await expect(shownNames(page)).toHaveText([khoi.use_name]);
  await page.goBack();
  await expect(searchField(page)).toHaveValue('');
  await expect(shownNames(page)).toHaveCount(30);
  await page.goForward();
  await expect(shownNames(page)).toHaveText([khoi.use_name]);

  // A result opens as from the list.
  await list(page).getByRole('link', { name: khoi.use_name }).click();
  await expect(page.getByRole('region', { name: khoi.use_name })).toBeVisible();
  const url = new URL(page.url()).searchParams;
  expect([url.get('c'), url.get('q')]).toEqual([String(khoi.uss_sso_id), 'trieu minh']);
});

test('while the admin types, the address bar is written once, when the typing pauses', async ({ page }) => {
  await page.addInitScript(() => {
    const replace = history.replaceState.bind(history);
    const written: string[] = [];
    Object.assign(window, { written });
    history.replaceState = (data, unused, url) => {
      written.push(String(url));
      replace(data, unused, url);
    };
  });
  await openSignedIn(page);
  // The first key makes the search's history entry; the others wait for a pause.
  await searchField(page).pressSequentially('nguyen', { delay: 40 });
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('nguyen');
  const written = await page.evaluate(() => (window as unknown as { written: string[] }).written);
  expect(written.map((url) => new URL(url, page.url()).searchParams.get('q')).filter((q) => q !== null)).toEqual(['nguyen']);
});

/** Settings under which a request held by the demo API's `hang` waits until the test moves on. */
const PATIENT = { 'timeout-ms': '600000' };

test('the whole history loads at the pace `load-interval-ms` sets', async ({ page }) => {
  // When the app calls fetch for each page, by the page's own clock.
  await page.addInitScript(() => {
    const started: { page: number; at: number }[] = [];
    (window as any).__started = started;
    const fetch = window.fetch;
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      if (input instanceof Request && input.url.endsWith('/hischat.php')) {
        const call = { page: 0, at: performance.now() };
        started.push(call);
        input.clone().text().then((body) => (call.page = Number(new URLSearchParams(body).get('page'))));
      }
      return fetch.call(this, input, init);
    };
  });
  await useSettings(page, { 'load-interval-ms': '300' });
  await page.goto('/');
  await signIn(page);
  await expect(shownNames(page)).toHaveCount(30);
  await searchField(page).fill('nguyen');
  await expect(page.getByText(complete(15, 437))).toBeVisible();
  // The loading's own requests (page 2 was fetched ahead of it), in the order they left.
  const started: { page: number; at: number }[] = await page.evaluate(() => (window as any).__started);
  const times = started.filter((r) => r.page >= 3).map((r) => r.at).sort((a, b) => a - b);
  expect(times).toHaveLength(13);
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  // Never closer than asked, and not much slower either: the pause counts the request's own time.
  // The app paces by this same clock, and its timers round up; less than a millisecond is left
  // for the instant the app reads its clock before it calls fetch.
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(299);
  expect(gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)]).toBeLessThan(450);
});

test('the whole history loads one page at a time with progress, stops and resumes where it stopped, and is gone after a sign-out', async ({ page, request }) => {
  const requests = countRequests(page);
  await signInLarge(page, 0, PATIENT);
  // Page 2, fetched ahead, is in memory before the loading starts: it is not asked for again.
  await expect.poll(() => requests.done(2)).toBe(1);
  // Page 40 is not answered until the loading is stopped, however long the test takes.
  await injectFault(request, { fault: 'hang', page: 40, times: 1 });
  await searchField(page).fill('nguyen');
  await expect(page.getByRole('progressbar', { name: 'Tải toàn bộ lịch sử' })).toBeVisible();
  await expect(page.getByText('Đã tải 39 trang · 1.170 cuộc trò chuyện')).toBeVisible();
  await expect(page.getByText(/kết quả trong 1\.170 cuộc trò chuyện đã tải$/)).toBeVisible();

  await page.getByRole('button', { name: 'Dừng tải' }).click();
  await expect(page.getByRole('button', { name: 'Tải tiếp' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Tải toàn bộ lịch sử' })).toBeHidden();
  // The request in flight was called off, not left to finish.
  await expect.poll(() => requests.aborted).toEqual([40]);
  await expect(page.getByText('Đã tải 39 trang · 1.170 cuộc trò chuyện')).toBeVisible();

  await page.getByRole('button', { name: 'Tải tiếp' }).click();
  await expect(page.getByText(complete(LARGE_PAGES, LARGE_CONVERSATIONS))).toBeVisible();
  const expected = Array.from({ length: LARGE_PAGES }, (_, i) => (i + 1 === 40 ? 2 : 1));
  expect(Array.from({ length: LARGE_PAGES }, (_, i) => requests.of(i + 1))).toEqual(expected);
  // The last page is short: nothing is asked past it.
  expect(requests.of(LARGE_PAGES + 1)).toBe(0);

  // Customer data is never stored; the loaded history goes with the session.
  const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
  const history = await wholeHistory(request);
  expect(history.filter((r) => stored.includes(r.use_name) || stored.includes(String(r.uss_sso_id)))).toEqual([]);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await signIn(page, LARGE);
  await expect(shownNames(page)).toHaveCount(30);
  await searchField(page).fill('zzzz');
  await expect(page.getByText(/^Đã tải \d+ trang/)).toBeVisible();
  await expect(page.getByText(complete(LARGE_PAGES, LARGE_CONVERSATIONS))).toBeVisible();
  expect(requests.of(3)).toBe(2);
});

test('a fault while loading pauses it with the error and a retry, keeping what was loaded', async ({ page, request }) => {
  await signInLarge(page);
  await injectFault(request, { fault: 'http500', page: 30, times: 1 });
  await searchField(page).fill('truyen');
  const alert = page.getByRole('alert').filter({ hasText: 'Dừng tải lịch sử vì lỗi' });
  await expect(alert).toContainText('mã HTTP 500');
  await expect(page.getByText('Đã tải 29 trang · 870 cuộc trò chuyện')).toBeVisible();
  await expect(page.getByText('0 kết quả trong 870 cuộc trò chuyện đã tải')).toBeVisible();
  await expect(page.getByText('Không tìm thấy khách nào.')).toBeVisible();
  await alert.getByRole('button', { name: 'Thử lại' }).click();
  await expect(page.getByText(complete(LARGE_PAGES, LARGE_CONVERSATIONS))).toBeVisible();
  await expect(shownNames(page)).toHaveCount(1);
  await expect(alert).toBeHidden();
});

test('a guest row shows the name and number left in the message, and the leads filter keeps only customers with a phone', async ({ page, request }) => {
  const history = await wholeHistory(request);
  expect(history.length).toBe(LARGE_CONVERSATIONS);
  await signInLarge(page);

  const first = history.slice(0, 30);
  let leads = 0;
  for (const row of first) {
    const written = leadNumber(row.last_msg[0].cha_message);
    const item = list(page).getByRole('listitem').filter({ has: page.getByRole('heading', { name: row.use_name, exact: true }) });
    if (written) {
      leads++;
      const digits = written.replace(/\D/g, '');
      const link = item.getByRole('link').filter({ hasText: /^0\d{9}$/ });
      await expect(item.getByText('Khách để lại:')).toBeVisible();
      expect(await link.getAttribute('href')).toMatch(new RegExp(`^tel:0\\d{2}${digits.slice(-7)}$`));
      if (written !== (await link.textContent())) await expect(item.getByText(`(viết là ${written})`)).toBeVisible();
    } else {
      await expect(item.getByText('Khách để lại:')).toHaveCount(0);
    }
  }
  expect(leads).toBeGreaterThan(5);
  await expect(list(page).getByText('Khách để lại:')).toHaveCount(leads);

  const withPhone = history.filter((r) => r.phone.trim() !== '' || leadNumber(r.last_msg[0].cha_message) !== null);
  await page.getByLabel('Chỉ khách để lại SĐT').check();
  await expect(page.getByText(`${vi(withPhone.length)} kết quả trong ${vi(LARGE_CONVERSATIONS)} cuộc trò chuyện`)).toBeVisible();
  expect(new URL(page.url()).searchParams.get('leads')).toBe('1');
  // A row is a list item with a heading (its contact details are a list of their own).
  const rows = list(page).getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) });
  await expect(rows).toHaveCount(30);
  for (const row of await rows.all()) {
    await expect(row.getByText(/^(Khách để lại:|Điện thoại:)/).first()).toBeAttached();
  }
  await page.getByRole('button', { name: 'Hiện thêm kết quả' }).click();
  await expect(rows).toHaveCount(60);

  await page.reload();
  await expect(page.getByLabel('Chỉ khách để lại SĐT')).toBeChecked();
  await expect(page.getByText(`${vi(withPhone.length)} kết quả trong ${vi(LARGE_CONVERSATIONS)} cuộc trò chuyện`)).toBeVisible();
  // Combined with words: every word and the filter. The test's own matching: every field the
  // search reads, without case or diacritics.
  const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  const fields = (r: FullRow) => [r.use_name, r.phone, r.email, r.address, String(r.uss_sso_id), r.last_msg[0].cha_message];
  const nguyenWithPhone = withPhone.filter((r) => fields(r).some((f) => fold(f).includes('nguyen')));
  expect(nguyenWithPhone.length).toBeGreaterThan(0);
  expect(nguyenWithPhone.length).toBeLessThan(withPhone.length);
  await searchField(page).fill('Nguyễn');
  await expect(page.getByText(`${vi(nguyenWithPhone.length)} kết quả trong ${vi(LARGE_CONVERSATIONS)} cuộc trò chuyện`)).toBeVisible();
});

for (const width of [1280, 390]) {
  test(`search results, leads and the loading status pass axe at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInLarge(page, 20);
    await searchField(page).fill('nguyen');
    await expect(page.getByRole('progressbar', { name: 'Tải toàn bộ lịch sử' })).toBeVisible();
    await page.getByRole('button', { name: 'Dừng tải' }).click();
    await page.getByLabel('Chỉ khách để lại SĐT').check();
    await expect(page.getByText(/kết quả trong \d+ cuộc trò chuyện đã tải$/)).toBeVisible();
    await expect(list(page).locator('mark').first()).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  });
}

const HEADER = [
  'Mã khách',
  'Tên',
  'Tên khách để lại',
  'Số điện thoại',
  'Số điện thoại như đã viết',
  'Email',
  'Địa chỉ',
  'Tin nhắn cuối',
  'Thời gian (ISO 8601)',
  'Thời gian',
  'Trang sản phẩm',
  'Mã sản phẩm',
  'Thành viên Vatgia',
  'Mã hỗ trợ viên',
  'Cùng khách với (SĐT hoặc email chung)',
  'Phản hồi đầu tiên (giây)',
];

test.describe('export', () => {
  test.use({ timezoneId: 'Asia/Ho_Chi_Minh' });

  test('the results export as a CSV file, read back field by field', async ({ page, request }) => {
    const truyen = (await rowsOnPage(request, 57, LARGE))[10] as FullRow;
    // The browser's clock stands still, so that the file's date is the day computed here even
    // across midnight in Vietnam.
    const now = Date.now();
    await page.clock.setFixedTime(now);
    await signInLarge(page);
    await searchField(page).fill('truyen');
    await expect(shownNames(page)).toHaveText([truyen.use_name]);
    const file = await download(page, () => page.getByRole('button', { name: 'Xuất CSV' }).click());
    const today = new Date(now + 7 * 3600_000).toISOString().slice(0, 10);
    expect(file.name).toBe(`vchat-history-2026-${today}.csv`);
    expect(file.rows).toHaveLength(2);
    expect(file.rows[0]).toEqual(HEADER);
    const message = truyen.last_msg[0];
    const time = Number(message.cha_time);
    const iso = new Date((time + 7 * 3600) * 1000).toISOString().slice(0, 19) + '+07:00';
    const local = new Date(time * 1000).toLocaleString('vi-VN', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' });
    expect(file.rows[1]).toEqual([
      String(truyen.uss_sso_id),
      truyen.use_name,
      'hà văn truyền',
      '0368152371',
      '01668152371',
      '',
      '',
      'Khách: hà văn truyền  01668152371  chào anh chị',
      iso,
      local,
      message.cha_link,
      truyen.pro ? String(truyen.pro) : '',
      truyen.is_uservg ? 'Có' : 'Không',
      truyen.support_id ? String(truyen.support_id) : '',
      '',
      '',
    ]);
  });

  test('without a search the whole history is loaded first, then exported', async ({ page, request }) => {
    const history = await wholeHistory(request);
    await signInLarge(page);
    let downloads = 0;
    page.on('download', () => downloads++);
    const file = await download(page, async () => {
      await page.getByRole('button', { name: 'Xuất CSV' }).click();
      await expect(page.getByText('Tệp CSV sẽ được tải xuống khi đã tải xong toàn bộ lịch sử.')).toBeVisible();
      // Asked twice while it loads: still one file.
      await page.getByRole('button', { name: 'Xuất CSV' }).click();
    });
    expect(file.rows[0]).toEqual(HEADER);
    expect(file.rows.slice(1).map((r) => r[0])).toEqual(history.map((r) => String(r.uss_sso_id)));
    await expect(page.getByText('Tệp CSV sẽ được tải xuống khi đã tải xong toàn bộ lịch sử.')).toBeHidden();
    // One more export, at once now: a second file of the first would have come before it.
    await download(page, () => page.getByRole('button', { name: 'Xuất CSV' }).click());
    expect(downloads).toBe(2);
  });

  test('an export waiting for the whole history can be called off, or take what has loaded, whatever is searched meanwhile', async ({ page, request }) => {
    const history = await wholeHistory(request);
    await signInLarge(page, 0, PATIENT);
    let downloads = 0;
    page.on('download', () => downloads++);
    const waiting = page.getByText('Tệp CSV sẽ được tải xuống khi đã tải xong toàn bộ lịch sử.');
    const exportButton = page.getByRole('button', { name: 'Xuất CSV' });
    // Page 40 holds the loading back until it is stopped, so what has loaded is known: pages 1
    // to 39.
    await injectFault(request, { fault: 'hang', page: 40, times: 1 });
    await exportButton.click();
    await expect(page.getByText('Đã tải 39 trang · 1.170 cuộc trò chuyện')).toBeVisible();

    await page.getByRole('button', { name: 'Huỷ xuất' }).click();
    await expect(waiting).toBeHidden();
    await expect(exportButton).toBeFocused();
    // Called off, the export is not the loading: that goes on.
    await expect(page.getByRole('button', { name: 'Dừng tải' })).toBeVisible();

    await exportButton.click();
    await expect(waiting).toBeVisible();
    // A search typed meanwhile does not narrow the export asked for without one.
    await searchField(page).fill('nguyen');
    await expect(page.getByText(/kết quả trong 1\.170 cuộc trò chuyện đã tải$/)).toBeVisible();
    await page.getByRole('button', { name: 'Xuất phần đã tải' }).focus();
    const file = await download(page, () => page.keyboard.press('Enter'));
    expect(file.rows[0]).toEqual(HEADER);
    expect(file.rows.slice(1).map((r) => r[0])).toEqual(history.slice(0, 1170).map((r) => String(r.uss_sso_id)));
    await expect(waiting).toBeHidden();
    await expect(exportButton).toBeFocused();

    // Neither export downloads again once the whole history is in (page 40 asked again).
    await page.getByRole('button', { name: 'Dừng tải' }).click();
    await page.getByRole('button', { name: 'Tải tiếp' }).click();
    await expect(page.getByText(complete(LARGE_PAGES, LARGE_CONVERSATIONS))).toBeVisible();
    // One more export, at once now: a file of either earlier one would have come before it.
    await download(page, () => exportButton.click());
    expect(downloads).toBe(2);
  });

  test("strangers' formulas are neutralised and their quotes and line breaks survive", async ({ page, request }) => {
    const history = await wholeHistory(request, HOSTILE);
    await useSettings(page, { 'load-interval-ms': '0' });
    await page.goto('/');
    await signIn(page, HOSTILE);
    await expect(shownNames(page)).toHaveCount(history.length);
    const file = await download(page, () => page.getByRole('button', { name: 'Xuất CSV' }).click());
    const rows = file.rows.slice(1);
    expect(rows).toHaveLength(history.length);
    // A `'` before the cell and before each part after a `;`, a tab or a line break whose first
    // character after spaces starts a formula.
    const cell = (value: string) => value.replace(/(?<=^|[;\t\r\n])(?= *[=+\-@\t\r])/g, "'");
    const formulas = history.filter((r) => /(^|[;\t\r\n]) *[=+\-@\t\r]/.test(r.use_name));
    expect(formulas.length).toBeGreaterThanOrEqual(7);
    expect(history.some((r) => r.address.includes(';=HYPERLINK('))).toBe(true);
    // Opened in Excel with Vietnamese regional settings, no cell is a formula.
    const excelCells = cellsAsExcelWithSemicolons(file.text);
    expect(excelCells.length).toBeGreaterThan(history.length);
    expect(excelCells.filter((c) => /^ *[=+\-@]/.test(c))).toEqual([]);
    for (const [i, row] of history.entries()) {
      const exported = rows[i];
      expect(exported[0]).toBe(String(row.uss_sso_id));
      expect(exported[1]).toBe(cell(row.use_name.trim()));
      expect(exported[6]).toBe(cell(row.address.trim()));
      expect(exported[7]).toBe(cell(row.last_msg[0].cha_message));
      // Only http(s) pages are exported as links.
      expect(exported[10]).toMatch(/^(https?:\/\/\S+)?$/);
    }
    expect(rows.some((r) => r[7].includes('dòng một\r\ndòng "hai", ba'))).toBe(true);
  });
});
