import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
  DEMO,
  HOSTILE,
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
  useTimeout,
  watchAttacks,
  watchErrors,
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
    // The one genuine product page is the one link: every other URL of the corpus is an attack.
    const hrefs = await area.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '(none)'));
    expect(hrefs).toEqual(['https://vatgia.com/438/3001006/giay-da-bong.html']);
    await expect(area.getByText('<b>không in đậm</b> & "trích dẫn" <')).toBeVisible();
  }
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect([...hosts]).toEqual([new URL(page.url()).host]);
  expect(errors).toEqual([]);
  expect(DEMO.id).not.toBe(HOSTILE.id);
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
