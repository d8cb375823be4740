import { expect, test } from '@playwright/test';
import { clearFaults, countRequests, DEMO, goToPage, injectFault, LARGE, namesOnPage, openSignedIn, shownNames, signIn, watchErrors } from './demo';

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

test('after a moment on a page the next one is fetched ahead, once, and then shown without asking', async ({ page, request }) => {
  const requests = countRequests(page);
  await openSignedIn(page);
  await expect.poll(() => requests.of(2)).toBe(1);
  await page.waitForTimeout(800);
  expect(requests.asked).toEqual([1, 2]);

  await page.getByRole('link', { name: 'Trang sau' }).click();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 2));
  // Page 2 came from memory; page 3 is fetched ahead in turn, once.
  await expect.poll(() => requests.of(3)).toBe(1);
  await page.waitForTimeout(800);
  expect(requests.asked).toEqual([1, 2, 3]);
});

test('nothing is fetched past the last page', async ({ page, request }) => {
  const requests = countRequests(page);
  await openSignedIn(page);
  await page.getByLabel('Đến trang').fill('15');
  await page.getByRole('button', { name: 'Đi' }).click();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 15));
  await page.waitForTimeout(1000);
  expect(requests.of(16)).toBe(0);
});

test('a page seen before shows at once from memory, while vChat is asked again quietly', async ({ page, request }) => {
  const requests = countRequests(page);
  await openSignedIn(page);
  const first = await namesOnPage(request, 1);
  await page.getByRole('link', { name: 'Trang sau' }).click();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 2));
  // Long enough for page 1 to be worth asking again, which takes vChat 2 s this time.
  await page.waitForTimeout(5200);
  await injectFault(request, { fault: 'delay', page: 1, ms: 2000, times: 1 });
  await page.goBack();
  await expect(shownNames(page)).toHaveText(first);
  // On screen while vChat is still being asked again: the screen did not wait for it.
  expect(requests.of(1)).toBe(2);
  expect(requests.done(1)).toBe(1);
  await expect(page.getByRole('progressbar', { name: 'Đang tải…' })).toBeHidden();
  await expect.poll(() => requests.done(1)).toBe(2);
  await expect(shownNames(page)).toHaveText(first);
});

test('memory holds the 20 most recent pages, and nothing of them outlives the admin', async ({ page, request }) => {
  const loading = page.getByRole('progressbar', { name: 'Đang tải…' });
  const requests = countRequests(page);
  await page.goto('/');
  await signIn(page, LARGE);
  await expect(shownNames(page)).toHaveCount(30);
  // Pages 1 to 23, one after another: at most 20 of them stay in memory.
  for (let n = 2; n <= 23; n++) {
    await goToPage(page, n);
    await expect(shownNames(page)).toHaveText(await namesOnPage(request, n, LARGE));
  }
  // vChat now takes 2 s for pages 1 and 8: one seen 15 pages ago is shown at once from memory,
  // one seen 22 pages ago is not held any more and is waited for.
  await injectFault(request, { fault: 'delay', page: 8, ms: 2000 });
  await injectFault(request, { fault: 'delay', page: 1, ms: 2000 });
  const answered = requests.done(8);
  const names8 = await namesOnPage(request, 8, LARGE);
  await goToPage(page, 8);
  await expect(shownNames(page)).toHaveText(names8);
  // On screen before vChat could answer for it (if it is asked again at all: after 5 s).
  expect(requests.done(8)).toBe(answered);
  await expect(loading).toBeHidden();
  await goToPage(page, 1);
  await expect(loading).toBeVisible();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1, LARGE));
  await clearFaults(request);

  // Another admin, after a sign-out: none of the first one's pages is shown, even for a moment.
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await injectFault(request, { fault: 'delay', page: 3, ms: 2000 });
  await signIn(page);
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
  await goToPage(page, 3);
  await expect(loading).toBeVisible();
  await expect(shownNames(page)).not.toHaveText(await namesOnPage(request, 3, LARGE));
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 3));
});

test('a page fetched ahead is called off when the admin goes elsewhere', async ({ page, request }) => {
  await injectFault(request, { fault: 'delay', page: 2, ms: 3000, times: 1 });
  const requests = countRequests(page);
  await openSignedIn(page);
  await expect.poll(() => requests.of(2)).toBe(1);
  await page.getByLabel('Đến trang').fill('5');
  await page.getByRole('button', { name: 'Đi' }).click();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 5));
  await expect.poll(() => requests.aborted).toEqual([2]);
});

test('nothing is fetched ahead after signing out', async ({ page }) => {
  const requests = countRequests(page);
  const errors = watchErrors(page);
  await openSignedIn(page);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  const before = requests.asked.length;
  await page.waitForTimeout(1000);
  expect(requests.asked.length).toBe(before);
  expect(errors).toEqual([]);
});

test('while a sign-in is checked its screen is built out of sight, asking vChat nothing more, and goes if refused', async ({ page, request }) => {
  const requests = countRequests(page);
  const threads: string[] = [];
  page.on('request', (r) => r.url().endsWith('/chistory.php') && threads.push(r.url()));
  const asked: string[] = [];
  // Besides the page and the app's own files.
  page.on('request', (r) => r.isNavigationRequest() || /\.(wasm|js|css)$/.test(r.url()) || asked.push(new URL(r.url()).pathname));
  // A search and an open conversation in the URL would load the whole history and a thread.
  await page.goto('/?page=3&q=a&c=1000000');
  await injectFault(request, { fault: 'delay', page: 1, ms: 1500, times: 2 });
  // While the form waits, a history screen (for no one) and made-up rows are built out of
  // sight, to have their code compiled: they ask vChat nothing and never reach the document.
  await page.waitForTimeout(300);
  expect(asked).toEqual([]);
  await expect(page.getByText('Nguyễn Văn An')).toHaveCount(0);
  await expect(page.locator('.vch-history')).toHaveCount(0);
  await expect(page.getByRole('searchbox')).toHaveCount(0);

  await signIn(page, { hash: 'f'.repeat(32) });
  await expect(page.getByRole('button', { name: 'Đang kiểm tra…' })).toBeDisabled();
  await page.waitForTimeout(800);
  // Only the check itself, and nothing of the history in view (nor in the accessibility tree).
  expect(requests.asked).toEqual([1]);
  expect(threads).toEqual([]);
  // The made-up rows drawn before and meanwhile (to have the code compiled) never reach the
  // document, nor fetch anything.
  expect(asked).toEqual(['/hischat.php']);
  await expect(page.getByText('Nguyễn Văn An')).toHaveCount(0);
  await expect(page.locator('.vch-history')).toHaveCount(1);
  await expect(page.getByRole('searchbox')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Lịch sử trò chuyện' })).toHaveCount(0);
  await page.keyboard.press('n');
  expect(new URL(page.url()).searchParams.get('page')).toBe('3');

  // Refused: the form says why, and the screen built for it is gone.
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.locator('.vch-history')).toHaveCount(0);
  expect(requests.asked).toEqual([1]);

  // Accepted: page 1 of the check is reused; then the URL's page is asked for.
  await page.getByLabel('Mã bảo mật (hash_setting)').fill(DEMO.hash);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('searchbox')).toBeVisible();
  await expect.poll(() => requests.of(3)).toBeGreaterThan(0);
  expect(requests.of(1)).toBe(2);
  // The form, hidden at once, is removed after the next frame.
  await expect(page.locator('.vch-sign-in')).toHaveCount(0);
});
