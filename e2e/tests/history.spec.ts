import { expect, test, type Page } from '@playwright/test';
import { DEMO, clearFaults, countRequests, firstScreen, goToPage, openSignedIn, injectFault, list, namesOnPage, shownNames, signIn, useTimeout } from './demo';

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

test('signs in with the demo account and shows the first 30 conversations', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await signIn(page);
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
  await expect(shownNames(page)).toHaveCount(30);
  await expect(page.getByText('30 cuộc trò chuyện, trang 1')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
  expect(page.url()).not.toContain(DEMO.hash);
});

test('pages forward, back and forward again with the browser buttons', async ({ page, request }) => {
  await page.goto('/');
  await signIn(page);
  const [first, second] = [await namesOnPage(request, 1), await namesOnPage(request, 2)];
  await expect(shownNames(page)).toHaveText(first);

  await page.getByRole('link', { name: 'Trang sau' }).click();
  await expect(page).toHaveURL(/\?page=2$/);
  await expect(shownNames(page)).toHaveText(second);
  await expect(page.getByRole('heading', { name: 'Lịch sử trò chuyện' })).toBeFocused();

  await page.goBack();
  await expect(page).toHaveURL(/\/(\?page=1)?$/);
  await expect(shownNames(page)).toHaveText(first);

  await page.goForward();
  await expect(page).toHaveURL(/\?page=2$/);
  await expect(shownNames(page)).toHaveText(second);

  await page.getByRole('link', { name: 'Trang đầu' }).click();
  await expect(shownNames(page)).toHaveText(first);
  await expect(page.getByRole('link', { name: 'Trang trước' })).toBeDisabled();
});

test('a reload keeps the session and the page; sign-out forgets it', async ({ page, request }) => {
  await page.goto('/');
  await signIn(page);
  await page.getByRole('link', { name: 'Trang sau' }).click();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 2));

  await injectFault(request, { fault: 'delay', page: 2, ms: 1500, times: 1 });
  await page.reload();
  await expect(page).toHaveURL(/\?page=2$/);
  await expect(page.getByText('Đang tải…', { exact: true })).toBeVisible();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 2));
  await expect(page.getByText('Đang tải…', { exact: true })).toBeHidden();
  // Not remembered: only this tab's storage holds the session.
  const stored = await page.evaluate(() => [
    localStorage.getItem('vchat-history.session'),
    sessionStorage.getItem('vchat-history.session'),
  ]);
  expect(stored[0]).toBeNull();
  expect(stored[1]).toContain(DEMO.id);

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  const after = await page.evaluate(() => [
    localStorage.getItem('vchat-history.session'),
    sessionStorage.getItem('vchat-history.session'),
  ]);
  expect(after).toEqual([null, null]);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
});

test('"remember me" keeps the session in localStorage, across tabs', async ({ page, context, request }) => {
  await page.goto('/');
  await signIn(page, { remember: true });
  await expect(shownNames(page)).toHaveCount(30);
  const stored = await page.evaluate(() => localStorage.getItem('vchat-history.session'));
  expect(stored).toContain(DEMO.id);

  const other = await context.newPage();
  await other.goto('/?page=3');
  await expect(shownNames(other)).toHaveText(await namesOnPage(request, 3));
});

test('the last page is partial, next is disabled, and past it there is a way back', async ({ page, request }) => {
  await page.goto('/');
  await signIn(page);
  await page.getByLabel('Đến trang').fill('15');
  await page.getByRole('button', { name: 'Đi' }).click();
  await expect(page).toHaveURL(/\?page=15$/);
  const last = await namesOnPage(request, 15);
  expect(last.length).toBeGreaterThan(0);
  expect(last.length).toBeLessThan(30);
  await expect(shownNames(page)).toHaveText(last);
  await expect(page.getByRole('link', { name: 'Trang sau' })).toBeDisabled();
  await expect(page.getByText('Đây là trang cuối')).toBeVisible();

  await page.goto('/?page=16');
  await expect(page.getByText('Không còn cuộc trò chuyện nào ở trang này.')).toBeVisible();
  await page.getByRole('link', { name: 'Về trang trước' }).click();
  await expect(page).toHaveURL(/\?page=15$/);
  await expect(shownNames(page)).toHaveText(last);
});

test('a page number that is not a positive whole number is refused inline', async ({ page }) => {
  await openSignedIn(page);
  await expect(page.getByText('Số trang phải là số nguyên dương.')).toBeHidden();
  await page.getByLabel('Đến trang').fill('-2');
  await page.getByRole('button', { name: 'Đi' }).click();
  await expect(page.getByText('Số trang phải là số nguyên dương.')).toBeVisible();
  await expect(page).not.toHaveURL(/page=/);
});

test('the sign-in form validates before it sends anything', async ({ page }) => {
  const posts: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
  await page.goto('/');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByText('Hãy nhập mã quản trị.')).toBeVisible();
  await expect(page.getByText('Hãy nhập mã bảo mật.')).toBeVisible();
  await expect(page.getByLabel('Mã quản trị (sso_id)')).toBeFocused();

  await page.getByLabel('Mã quản trị (sso_id)').fill('12a');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByText('Mã quản trị phải là một số nguyên dương.')).toBeVisible();
  expect(posts).toEqual([]);

  const hash = page.getByLabel('Mã bảo mật (hash_setting)');
  await hash.fill('visible?');
  await expect(hash).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Hiện' }).click();
  await expect(hash).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Ẩn' }).click();
  await expect(hash).toHaveAttribute('type', 'password');
});

test('a wrong hash shows the server refusal and stays on the form', async ({ page }) => {
  await page.goto('/');
  await signIn(page, { hash: 'not-the-hash' });
  await expect(page.getByRole('alert')).toHaveText(
    'vChat từ chối yêu cầu: mã bảo mật không đúng hoặc đã hết hạn.',
  );
  await expect(page.getByLabel('Mã quản trị (sso_id)')).toHaveValue(DEMO.id);
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeEnabled();
  expect(await page.evaluate(() => sessionStorage.getItem('vchat-history.session'))).toBeNull();
});

test('the button shows progress and cannot be pressed twice while signing in', async ({ page, request }) => {
  await injectFault(request, { fault: 'delay', ms: 1500, times: 1 });
  // Sign-in requests: page 1 (page 2 is fetched ahead once signed in).
  let posts = 0;
  page.on('request', (r) => r.method() === 'POST' && r.postData()?.endsWith('&page=1') && posts++);
  await page.goto('/');
  await signIn(page);
  const busy = page.getByRole('button', { name: 'Đang kiểm tra…' });
  await expect(busy).toBeDisabled();
  await busy.click({ force: true });
  await page.getByLabel('Mã bảo mật (hash_setting)').press('Enter');
  await expect(shownNames(page)).toHaveCount(30);
  expect(posts).toBe(1);
});

test('a server error keeps the rows on screen, and retry recovers', async ({ page, request }) => {
  await page.goto('/');
  await signIn(page);
  const first = await namesOnPage(request, 1);
  await expect(shownNames(page)).toHaveText(first);

  await injectFault(request, { fault: 'http500', page: 5, times: 1 });
  await goToPage(page, 5);
  await expect(page.getByRole('alert')).toContainText('Máy chủ vChat đang gặp lỗi (mã HTTP 500)');
  await expect(page).toHaveURL(/\?page=5$/);
  await expect(shownNames(page)).toHaveText(first);

  await page.getByRole('button', { name: 'Thử lại' }).click();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 5));
  await expect(page.getByRole('alert')).toHaveCount(0);
});

for (const [fault, message] of [
  ['html', 'trang lỗi hoặc dữ liệu bị cắt ngang'],
  ['truncated', 'trang lỗi hoặc dữ liệu bị cắt ngang'],
  ['wrong-shape', 'không đúng định dạng'],
  ['http503', 'mã HTTP 503'],
] as const) {
  test(`a ${fault} reply is explained and retry recovers`, async ({ page, request }) => {
    await page.goto('/');
    await signIn(page);
    await expect(shownNames(page)).toHaveCount(30);
    await injectFault(request, { fault, page: 1, times: 1 });
    await page.reload();
    await expect(page.getByRole('alert')).toContainText(message);
    await page.getByRole('button', { name: 'Thử lại' }).click();
    await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
  });
}

test('a reply slower than the timeout is reported, and retry recovers', async ({ page, request }) => {
  await useTimeout(page, 1500);
  await openSignedIn(page);
  await injectFault(request, { fault: 'hang', page: 5, times: 1 });
  await goToPage(page, 5);
  await expect(page.getByRole('alert')).toContainText('không trả lời sau 1 giây');
  await expect(page).toHaveURL(/\?page=5$/);
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 5));
});

for (const [fault, message] of [
  ['html', 'trang lỗi hoặc dữ liệu bị cắt ngang'],
  ['truncated', 'trang lỗi hoặc dữ liệu bị cắt ngang'],
  ['wrong-shape', 'không đúng định dạng'],
] as const) {
  test(`paging into a ${fault} reply keeps the rows and the URL's page, and retry recovers`, async ({ page, request }) => {
    await openSignedIn(page);
    const first = await namesOnPage(request, 1);
    await injectFault(request, { fault, page: 5, times: 1 });
    await goToPage(page, 5);
    await expect(page.getByRole('alert')).toContainText(message);
    await expect(page).toHaveURL(/\?page=5$/);
    await expect(shownNames(page)).toHaveText(first);
    await page.getByRole('button', { name: 'Thử lại' }).click();
    await expect(shownNames(page)).toHaveText(await namesOnPage(request, 5));
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
}

test('a refusal mid-session returns to sign-in with the reason and the admin id', async ({ page, request }) => {
  await openSignedIn(page);
  await injectFault(request, { fault: 'refuse', page: 5 });
  await goToPage(page, 5);
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('mã bảo mật không đúng hoặc đã hết hạn');
  await expect(page.getByLabel('Mã quản trị (sso_id)')).toHaveValue(DEMO.id);
  expect(await page.evaluate(() => sessionStorage.getItem('vchat-history.session'))).toBeNull();

  await clearFaults(request);
  await page.getByLabel('Mã bảo mật (hash_setting)').fill(DEMO.hash);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\?page=5$/);
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 5));
});

test('while a page loads the rows stay, and a reply for a page already left is ignored', async ({ page, request }) => {
  await page.goto('/');
  await signIn(page);
  const first = await namesOnPage(request, 1);
  await expect(shownNames(page)).toHaveText(first);

  await injectFault(request, { fault: 'delay', page: 5, ms: 1500, times: 1 });
  const aborted: string[] = [];
  page.on('requestfailed', (r) => r.postData()?.endsWith('&page=5') && aborted.push(r.failure()?.errorText ?? ''));
  await goToPage(page, 5);
  await expect(page.getByRole('progressbar', { name: 'Đang tải…' })).toBeVisible();
  await expect(shownNames(page)).toHaveText(first);
  await page.goBack();
  await expect(page).toHaveURL(/\/(\?page=1)?$/);
  // The request for page 5 was called off: its reply can never replace page 1.
  await expect.poll(() => aborted).toEqual(['net::ERR_ABORTED']);
  await expect(shownNames(page)).toHaveText(first);
  await expect(page.getByRole('progressbar', { name: 'Đang tải…' })).toBeHidden();
});

test('English is one choice away and stays chosen', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Ngôn ngữ').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Admin id (sso_id)').fill(DEMO.id);
  await page.getByLabel('Security hash (hash_setting)').fill(DEMO.hash);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('list', { name: 'Conversation history' }).getByRole('heading', { level: 3 })).toHaveCount(30);
  await page.reload();
  await expect(page.getByRole('link', { name: 'Next page' })).toBeVisible();
});

test('a conversation shows its details, with only safe links', async ({ page }) => {
  await openSignedIn(page);
  const rows = list(page).getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) });
  await expect(rows).toHaveCount(30);
  await expect(rows.getByText(/\d+ (phút|giờ|ngày) trước/).first()).toBeVisible();
  const tel = list(page).locator('a[href^="tel:"]').first();
  await expect(tel).toHaveAttribute('href', /^tel:\+?\d+$/);
  const source = rows.getByRole('link', { name: 'Trang khách đã xem' }).first();
  await expect(source).toHaveAttribute('target', '_blank');
  await expect(source).toHaveAttribute('rel', 'noopener noreferrer');
  const hrefs = await list(page).locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  for (const href of hrefs) {
    // Web pages, phone and mail, and the app's own link that opens each conversation.
    expect(href).toMatch(/^(https?:|tel:|mailto:[^\s?&<>"'@]+@[^\s?&<>"'@]+$|\?page=1&c=\d+$)/);
  }
  expect(hrefs.length).toBeGreaterThan(30);
});

test('an unreadable conversation is counted, and the rest of the page is shown', async ({ page, request }) => {
  await injectFault(request, { fault: 'bad-row', page: 1, times: 1 });
  await page.goto('/');
  await signIn(page);
  await expect(page.getByText('1 cuộc trò chuyện không đọc được.')).toBeVisible();
  await expect(shownNames(page)).toHaveText((await namesOnPage(request, 1)).slice(1));
  await expect(page.getByRole('link', { name: 'Trang sau' })).toBeEnabled();
});

/** Holds the app's code back until the returned function is called. */
async function holdAppCode(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('the first screen is there before the app has loaded, and what was typed carries over', async ({ page, request }) => {
  const release = await holdAppCode(page);
  await page.goto('/');
  await expect(firstScreen(page)).toBeVisible();
  // Where each text of the screen is drawn: the app's screen must draw the same texts in the
  // same places, so that it adds no larger element (the first screen stays the Largest
  // Contentful Paint) and nothing moves.
  const layout = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.vch-header :is(h1, select), .vch-sign-in :is(h2, p, label, input, button)')]
        .filter((element) => element.checkVisibility())
        .map((element) => {
          const box = element.getBoundingClientRect();
          const text = element.matches('button') ? '(button)' : element.textContent.trim();
          return `${element.localName} ${text} ${[box.x, box.y, box.width, box.height].map(Math.round).join(',')}`;
        }),
    );
  const before = await layout();
  expect(before.length).toBeGreaterThan(10);
  await page.getByLabel('Mã quản trị (sso_id)').fill(DEMO.id);
  await page.getByLabel('Ghi nhớ trên máy này').check();
  await page.getByLabel('Mã bảo mật (hash_setting)').fill(DEMO.hash);
  await expect(firstScreen(page)).toBeVisible();
  release();
  await expect(firstScreen(page)).toHaveCount(0);
  await expect(page.getByLabel('Mã quản trị (sso_id)')).toHaveValue(DEMO.id);
  await expect(page.getByLabel('Mã bảo mật (hash_setting)')).toHaveValue(DEMO.hash);
  await expect(page.getByLabel('Mã bảo mật (hash_setting)')).toBeFocused();
  await expect(page.getByLabel('Ghi nhớ trên máy này')).toBeChecked();
  expect(await layout()).toEqual(before);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
  expect(page.url()).not.toContain(DEMO.hash);
  // "Remember me", ticked before the app had loaded, was kept.
  expect(await page.evaluate(() => localStorage.getItem('vchat-history.session'))).not.toBeNull();

  // A stored session: the first screen is the loading line, not a form to fill in again.
  await page.reload();
  await expect(page.getByText('Đang tải…', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Mã quản trị (sso_id)')).toHaveCount(0);
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
});

test('the first screen can be sent before the app has loaded: the app sends it once it runs', async ({ page, request }) => {
  const release = await holdAppCode(page);
  const requests = countRequests(page);
  await page.goto('/');
  await page.getByLabel('Mã quản trị (sso_id)').fill(DEMO.id);
  await page.getByLabel('Ghi nhớ trên máy này').check();
  await page.getByLabel('Mã bảo mật (hash_setting)').fill(DEMO.hash);
  // Enter in a field sends the form, as it would once the app has loaded.
  await page.getByLabel('Mã bảo mật (hash_setting)').press('Enter');
  const sending = page.getByRole('button', { name: 'Đang tải…' });
  await expect(sending).toHaveAttribute('aria-busy', 'true');
  await expect(firstScreen(page)).toBeVisible();
  expect(requests.asked).toEqual([]);
  release();
  // Nothing more to do: the rows come, from the form sent once. (Page 2, fetched ahead once
  // page 1 has been shown for a moment, may be asked too.)
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
  expect(requests.asked[0]).toBe(1);
  expect(requests.of(1)).toBe(1);
  expect(page.url()).not.toContain(DEMO.hash);
  expect(await page.evaluate(() => localStorage.getItem('vchat-history.session'))).not.toBeNull();
});

test('the first screen sent without its hash: once the app runs, it says what is missing and asks vChat nothing', async ({ page }) => {
  const release = await holdAppCode(page);
  const { asked } = countRequests(page);
  await page.goto('/');
  await page.getByLabel('Mã quản trị (sso_id)').fill(DEMO.id);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('button', { name: 'Đang tải…' })).toBeVisible();
  release();
  await expect(firstScreen(page)).toHaveCount(0);
  await expect(page.getByText('Hãy nhập mã bảo mật.')).toBeVisible();
  await expect(page.getByLabel('Mã bảo mật (hash_setting)')).toBeFocused();
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeEnabled();
  expect(asked).toEqual([]);
});
