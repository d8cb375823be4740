import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
  HOSTILE,
  allMessageRows,
  allMessages,
  clearFaults,
  injectFault,
  list,
  messageArea,
  openSignedIn,
  rowsOnPage,
  shownMessages,
  shownNames,
  signIn,
  thread,
  useSettings,
  useTimeout,
  watchAttacks,
  watchErrors,
  type MessageRow,
  type Row,
} from './demo';

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

/** A conversation of page 1 whose thread has at least `min` messages (the demo has some of 120+). */
async function longThread(request: import('@playwright/test').APIRequestContext, min: number) {
  for (const row of await rowsOnPage(request, 1)) {
    const messages = await allMessages(request, row);
    if (messages.length >= min) return { row, messages };
  }
  throw new Error(`no thread of ${min} messages on page 1`);
}

/** The link that opens `row` (names may repeat in the demo data; the customer id does not). */
function openRow(page: Page, row: Row) {
  return list(page).locator(`a[data-customer="${row.uss_sso_id}"]`);
}

test('a conversation opens from the list beside it, newest 50 messages, oldest at the top', async ({ page, request }) => {
  const errors = watchErrors(page);
  await openSignedIn(page);
  const { row, messages } = await longThread(request, 60);
  await openRow(page, row).click();
  await expect(page).toHaveURL(new RegExp(`[?&]c=${row.uss_sso_id}(&|$)`));
  const pane = thread(page, row.use_name);
  await expect(pane.getByRole('heading', { level: 2, name: row.use_name })).toBeFocused();
  await expect(shownMessages(page)).toHaveCount(50);
  await expect(shownMessages(page).last()).toHaveText(row.last_msg[0].cha_message);
  // Wide screen: the list stays beside the thread, and the row says it is the open one.
  await expect(list(page)).toBeVisible();
  await expect(openRow(page, row)).toHaveAttribute('aria-current', 'true');
  // Who wrote what, and when: grouped by day, each with its time.
  await expect(messageArea(page).getByRole('heading', { level: 3 }).first()).toBeVisible();
  await expect(messageArea(page).locator('time').first()).toHaveText(/^\d{1,2}:\d{2}/);
  await expect(messageArea(page).getByText('Khách', { exact: true }).first()).toBeVisible();
  expect(messages.length).toBeGreaterThanOrEqual(60);
  expect(errors).toEqual([]);
});

test.describe('in Vietnam\'s time zone', () => {
  test.use({ timezoneId: 'Asia/Ho_Chi_Minh' });

  test('each message is on its writer\'s side, under its day: "Hôm nay", "Hôm qua", or the date', async ({ page, request }) => {
    const day = (secs: number) => new Date((secs + 7 * 3600) * 1000).toISOString().slice(0, 10);
    // A conversation whose newest 50 messages span its last day and the day before.
    let found: { row: Row; shown: MessageRow[] } | undefined;
    for (const row of await rowsOnPage(request, 1)) {
      const shown = (await allMessageRows(request, row)).slice(-50);
      const days = new Set(shown.map((m) => day(Number(m.cha_time))));
      const last = Number(shown[shown.length - 1].cha_time);
      if (days.size >= 3 && days.has(day(last - 86_400))) {
        found = { row, shown };
        break;
      }
    }
    expect(found).toBeDefined();
    const { row, shown } = found!;
    // The browser's clock stands a minute after the newest message, so today is its day.
    const now = (Number(shown[shown.length - 1].cha_time) + 60) * 1000;
    await page.clock.setFixedTime(now);
    await openSignedIn(page);
    await openRow(page, row).click();
    await expect(shownMessages(page)).toHaveCount(shown.length);

    const today = day(now / 1000);
    const yesterday = day(now / 1000 - 86_400);
    const days = [...new Set(shown.map((m) => day(Number(m.cha_time))))];
    const headings = messageArea(page).getByRole('heading', { level: 3 });
    await expect(headings).toHaveCount(days.length);
    const expected = days.map((d) => (d === today ? 'Hôm nay' : d === yesterday ? 'Hôm qua' : null));
    const texts = await headings.allTextContents();
    expect(texts.slice(-2)).toEqual(['Hôm qua', 'Hôm nay']);
    for (const [i, text] of texts.entries()) {
      if (expected[i]) expect(text).toBe(expected[i]);
      else expect(text).toMatch(/\d{4}/);
    }
    // Each day's messages under its heading, in order.
    const perDay = await messageArea(page).locator('section').evaluateAll((sections) => sections.map((s) => s.querySelectorAll('li').length));
    expect(perDay).toEqual(days.map((d) => shown.filter((m) => day(Number(m.cha_time)) === d).length));

    // Who wrote each, and on which side: the customer's on the left, the shop's and its agents'
    // on the right, the system's in the middle.
    const placed = await messageArea(page).getByRole('listitem').evaluateAll((items) =>
      items.map((item) => {
        const day = item.parentElement!.getBoundingClientRect();
        const message = item.getBoundingClientRect();
        const left = message.left - day.left;
        const right = day.right - message.right;
        return { who: item.querySelector('.vch-who')!.textContent, side: Math.abs(left - right) < 10 ? 'middle' : left < right ? 'left' : 'right' };
      }),
    );
    const writer = (m: MessageRow) =>
      Number(m.cha_system_id) !== 0
        ? { who: 'Thông báo hệ thống', side: 'middle' }
        : Number(m.cha_owner_id) === row.uss_sso_id
          ? { who: 'Khách', side: 'left' }
          : Number(m.cha_support_id) !== 0
            ? { who: `Hỗ trợ viên #${m.cha_support_id}`, side: 'right' }
            : { who: 'Cửa hàng', side: 'right' };
    expect(placed).toEqual(shown.map(writer));
    expect(new Set(placed.map((p) => p.side))).toEqual(new Set(['left', 'right', 'middle']));
  });
});

test('older messages load above with the reading position kept, up to the start', async ({ page, request }) => {
  await openSignedIn(page);
  const { row, messages } = await longThread(request, 120);
  await openRow(page, row).click();
  await expect(shownMessages(page)).toHaveCount(50);
  const older = messageArea(page).getByRole('button', { name: 'Tải tin cũ hơn' });
  while (true) {
    const count = await shownMessages(page).count();
    if (count === messages.length) break;
    // The message the admin reads (the oldest shown) must stay where it is on screen.
    await messageArea(page).evaluate((area) => (area.scrollTop = 0));
    const reading = shownMessages(page).first();
    const before = (await reading.boundingBox())!.y;
    const text = await reading.textContent();
    await older.click();
    await expect(shownMessages(page)).toHaveCount(Math.min(count + 50, messages.length));
    const same = shownMessages(page).nth(Math.min(50, messages.length - count));
    await expect(same).toHaveText(text!);
    expect(Math.abs((await same.boundingBox())!.y - before)).toBeLessThan(3);
  }
  // As the markup in them reads (`&amp;` as "&", `<b>x</b>` as "x").
  const read = await page.evaluate((all) => all.map((m) => new DOMParser().parseFromString(m, 'text/html').body.textContent), messages);
  await expect(shownMessages(page)).toHaveText(read);
  await expect(messageArea(page).getByText('Đây là đầu cuộc trò chuyện.')).toBeVisible();
  await expect(older).toBeHidden();
});

test('a copied link, a reload and back/forward reopen the conversation', async ({ page, request }) => {
  await openSignedIn(page);
  const row = (await rowsOnPage(request, 2))[4];
  await page.goto(`/?page=2&c=${row.uss_sso_id}`);
  await expect(thread(page, row.use_name).getByRole('heading', { level: 2 })).toHaveText(row.use_name);
  await expect(shownMessages(page).last()).toHaveText(row.last_msg[0].cha_message);

  await page.reload();
  await expect(shownMessages(page).last()).toHaveText(row.last_msg[0].cha_message);
  const other = (await rowsOnPage(request, 2))[7];
  await openRow(page, other).click();
  await expect(thread(page, other.use_name)).toBeVisible();
  await page.goBack();
  await expect(thread(page, row.use_name)).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('region', { name: row.use_name })).toHaveCount(0);
  await page.goForward();
  await expect(thread(page, row.use_name)).toBeVisible();
});

test('a link to a conversation no longer on its page says so', async ({ page, request }) => {
  await openSignedIn(page);
  const elsewhere = (await rowsOnPage(request, 3))[0];
  await page.goto(`/?page=1&c=${elsewhere.uss_sso_id}`);
  await expect(page.getByText(`Không thấy cuộc trò chuyện với khách ${elsewhere.uss_sso_id} ở trang 1`)).toBeVisible();
  await expect(shownNames(page)).toHaveCount(30);
});

test('a refused conversation hash is the thread\'s error: retry, and the admin stays signed in', async ({ page, request }) => {
  await openSignedIn(page);
  const row = (await rowsOnPage(request, 1))[2];
  await injectFault(request, { fault: 'refuse', endpoint: 'chistory', times: 1 });
  await openRow(page, row).click();
  const alert = thread(page, row.use_name).getByRole('alert');
  await expect(alert).toContainText('vChat không cho mở cuộc trò chuyện này');
  await expect(shownNames(page)).toHaveCount(30);
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
  await alert.getByRole('button', { name: 'Thử lại' }).click();
  await expect(shownMessages(page).last()).toHaveText(row.last_msg[0].cha_message);
  await expect(alert).toBeHidden();
});

for (const [fault, message] of [
  ['http500', 'mã HTTP 500'],
  ['truncated', 'trang lỗi hoặc dữ liệu bị cắt ngang'],
  ['wrong-shape', 'không đúng định dạng'],
  ['hang', 'không trả lời sau 1 giây'],
] as const) {
  test(`a ${fault} reply for older messages keeps what was shown, and retry recovers`, async ({ page, request }) => {
    await useTimeout(page, 1500);
    await openSignedIn(page);
    const { row } = await longThread(request, 60);
    await openRow(page, row).click();
    await expect(shownMessages(page)).toHaveCount(50);
    await injectFault(request, { fault, endpoint: 'chistory', page: 2, times: 1 });
    await messageArea(page).getByRole('button', { name: 'Tải tin cũ hơn' }).click();
    await expect(messageArea(page).getByRole('alert')).toContainText(message);
    await expect(shownMessages(page)).toHaveCount(50);
    await expect(shownNames(page)).toHaveCount(30);
    await messageArea(page).getByRole('button', { name: 'Thử lại' }).click();
    await expect(shownMessages(page)).not.toHaveCount(50);
    await expect(messageArea(page).getByRole('alert')).toBeHidden();
  });
}

test('opening another conversation calls off the first one\'s request', async ({ page, request }) => {
  await openSignedIn(page);
  const [first, second] = (await rowsOnPage(request, 1)).slice(5, 7);
  await injectFault(request, { fault: 'delay', endpoint: 'chistory', ms: 1500, times: 1 });
  const failed: string[] = [];
  page.on('requestfailed', (r) => r.url().endsWith('/chistory.php') && failed.push(r.failure()?.errorText ?? ''));
  await openRow(page, first).click();
  await expect(messageArea(page).getByText('Đang tải…')).toBeVisible();
  await openRow(page, second).click();
  await expect(shownMessages(page).last()).toHaveText(second.last_msg[0].cha_message);
  await expect.poll(() => failed).toEqual(['net::ERR_ABORTED']);
  await page.waitForTimeout(1800);
  await expect(thread(page, second.use_name)).toBeVisible();
  await expect(shownMessages(page).last()).toHaveText(second.last_msg[0].cha_message);
});

test('at phone width the thread takes the list\'s place, with a way back', async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await openSignedIn(page);
  const row = (await rowsOnPage(request, 1))[1];
  await openRow(page, row).click();
  await expect(shownMessages(page).last()).toHaveText(row.last_msg[0].cha_message);
  await expect(list(page)).toBeHidden();
  await thread(page, row.use_name).getByRole('button', { name: /Danh sách/ }).click();
  await expect(list(page)).toBeVisible();
  await expect(page).not.toHaveURL(/[?&]c=/);
});

test('everything works by keyboard: j/k, arrows, Enter, Esc, n/p and ?', async ({ page, request }) => {
  await openSignedIn(page);
  const rows = await rowsOnPage(request, 1);
  await page.keyboard.press('j');
  await expect(openRow(page, rows[0])).toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowDown');
  await expect(openRow(page, rows[2])).toBeFocused();
  await page.keyboard.press('k');
  await expect(openRow(page, rows[1])).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`c=${rows[1].uss_sso_id}`));
  await expect(thread(page, rows[1].use_name).getByRole('heading', { level: 2 })).toBeFocused();
  await expect(shownMessages(page).last()).toHaveText(rows[1].last_msg[0].cha_message);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: rows[1].use_name })).toHaveCount(0);
  await expect(openRow(page, rows[1])).toBeFocused();

  // Typing in a field is typing, not a shortcut.
  await page.getByLabel('Đến trang').fill('');
  await page.getByLabel('Đến trang').press('n');
  await expect(page).not.toHaveURL(/page=2/);
  await page.getByLabel('Đến trang').blur();

  await page.keyboard.press('n');
  await expect(page).toHaveURL(/page=2/);
  await expect(shownNames(page)).toHaveText((await rowsOnPage(request, 2)).map((r) => r.use_name));
  await page.keyboard.press('p');
  await expect(page).toHaveURL(/page=1/);

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Phím tắt' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Cuộc trò chuyện tiếp theo');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(page.getByRole('button', { name: 'Phím tắt' })).toBeVisible();
});

for (const [name, width] of [['desktop', 1280], ['phone', 390]] as const) {
  test(`axe finds nothing on the list with a thread open (${name})`, async ({ page, request }) => {
    await page.setViewportSize({ width, height: 900 });
    await openSignedIn(page);
    const row = (await rowsOnPage(request, 1))[0];
    await openRow(page, row).click();
    await expect(shownMessages(page).last()).toHaveText(row.last_msg[0].cha_message);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  });
}

test('hostile thread content stays inert text, with no link but to web pages', async ({ page, request }) => {
  const { dialogs, hosts, errors } = watchAttacks(page);
  await page.goto('/');
  await signIn(page, HOSTILE);
  const rows = await rowsOnPage(request, 1, HOSTILE);
  for (const row of rows.slice(0, 3)) {
    await openRow(page, row).click();
    await expect(shownMessages(page)).toHaveCount((await allMessages(request, row, HOSTILE)).length);
    const area = messageArea(page);
    await expect(area.locator('script, iframe, object, embed, svg, math, style, img, textarea')).toHaveCount(0);
    // The genuine product page and the web addresses written in messages (a formula's, and the
    // last message's) are the only links: every other URL of the corpus is an attack.
    const hrefs = await area.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '(none)'));
    expect(hrefs).toEqual(['https://vatgia.com/438/3001006/giay-da-bong.html', 'http://x', 'https://evil.example/dang-nhap']);
    // That link's text names a trusted address: where it really goes is written beside it.
    const spoof = area.getByRole('listitem').last();
    await expect(spoof.getByRole('link', { name: 'https://vatgia.com/dang-nhap' })).toHaveAttribute('href', 'https://evil.example/dang-nhap');
    await expect(spoof.locator('.vch-bubble')).toHaveText('https://vatgia.com/dang-nhap (evil.example)');
    await expect(area.getByText('<b>không in đậm</b> & "trích dẫn" <')).toBeVisible();
  }
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect([...hosts]).toEqual([new URL(page.url()).host]);
  expect(errors).toEqual([]);
});

test('the header gives the customer\'s contact details, and copies the phone number', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openSignedIn(page);
  const rows = (await rowsOnPage(request, 1)) as (Row & { phone: string; email: string })[];
  const row = rows.find((r) => r.phone && r.email)!;
  await openRow(page, row).click();
  const pane = thread(page, row.use_name);
  await expect(pane.getByText(`Mã khách ${row.uss_sso_id}`)).toBeVisible();
  await expect(pane.getByRole('link', { name: row.phone })).toHaveAttribute('href', `tel:${row.phone}`);
  await expect(pane.getByRole('link', { name: row.email })).toHaveAttribute('href', `mailto:${row.email}`);
  await pane.getByRole('button', { name: 'Sao chép số' }).click();
  await expect(pane.getByText('Đã sao chép')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(row.phone);
});

test('a link to a conversation on a page that fails to load says so, and retry opens it', async ({ page, request }) => {
  await openSignedIn(page);
  const row = (await rowsOnPage(request, 5))[2];
  await injectFault(request, { fault: 'http500', page: 5, times: 1 });
  await page.goto(`/?page=5&c=${row.uss_sso_id}`);
  await expect(page.getByRole('alert')).toContainText('mã HTTP 500');
  // The conversation's pane does not claim to be loading: the list's error is the news.
  await expect(page.getByRole('region', { name: 'Không tải được lịch sử' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Đang tải…' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await expect(shownMessages(page).last()).toHaveText(row.last_msg[0].cha_message);
});

test('"In / Lưu PDF" loads every older page with its progress, then prints the customer and the whole conversation, a day a page, no control', async ({ page, request }) => {
  // The browser's print dialog, counted instead of opened.
  await page.addInitScript(() => {
    window.print = () => ((window as any).__printed = ((window as any).__printed ?? 0) + 1);
  });
  await openSignedIn(page);
  const { row, messages } = await longThread(request, 120);
  await openRow(page, row).click();
  await expect(shownMessages(page)).toHaveCount(50);
  const pane = thread(page, row.use_name);
  await pane.getByRole('button', { name: 'In / Lưu PDF' }).click();
  await expect(pane.getByText(/^Đang tải toàn bộ cuộc trò chuyện để in… \d+ tin nhắn$/)).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as any).__printed)).toBe(1);
  await expect(shownMessages(page)).toHaveCount(messages.length);
  await expect(pane.getByText(/^Đang tải toàn bộ/)).toBeHidden();

  // As printed: the customer and every message; no button, no list, no header.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button').filter({ visible: true })).toHaveCount(0);
  await expect(list(page)).toBeHidden();
  await expect(pane.getByRole('heading', { level: 2, name: row.use_name })).toBeVisible();
  await expect(shownMessages(page).filter({ visible: true })).toHaveCount(messages.length);
  // A day a page; a web link written out after its text.
  const days = messageArea(page).locator('.vch-day');
  expect(await days.count()).toBeGreaterThan(1);
  expect(await days.nth(1).evaluate((day) => getComputedStyle(day).breakBefore)).toBe('page');
  const link = messageArea(page).locator('.vch-bubble a[href^="http"]').first();
  const href = (await link.getAttribute('href'))!;
  expect(await link.evaluate((a) => getComputedStyle(a, '::after').content)).toBe(`" (${href})"`);
  const pdf = await page.pdf();
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});

test('printing may be called off while the conversation loads', async ({ page, request }) => {
  await page.addInitScript(() => {
    window.print = () => ((window as any).__printed = ((window as any).__printed ?? 0) + 1);
  });
  await useSettings(page, { 'load-interval-ms': '5000' });
  await page.goto('/');
  await signIn(page);
  const { row } = await longThread(request, 120);
  await openRow(page, row).click();
  await expect(shownMessages(page)).toHaveCount(50);
  const pane = thread(page, row.use_name);
  await pane.getByRole('button', { name: 'In / Lưu PDF' }).click();
  await pane.getByRole('button', { name: 'Huỷ in' }).click();
  await expect(pane.getByText(/^Đang tải toàn bộ/)).toBeHidden();
  // Nothing printed, and the pane goes on as before: older messages on request. (That no page
  // follows the called-off one is the hook's host test, on a clock it moves.)
  await pane.getByRole('button', { name: 'Tải tin cũ hơn' }).click();
  await expect(shownMessages(page)).toHaveCount(100);
  expect(await page.evaluate(() => (window as any).__printed)).toBeUndefined();
});
