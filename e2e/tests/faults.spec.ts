import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Request } from '@playwright/test';
import { DEMO, clearFaults, goToPage, list, openSignedIn, injectFault, namesOnPage, shownMessages, shownNames, signIn, useTimeout, watchErrors } from './demo';

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

const signInFaults = [
  ['http502', 'Máy chủ vChat đang gặp lỗi (mã HTTP 502)'],
  ['html', 'trang lỗi hoặc dữ liệu bị cắt ngang'],
  ['truncated', 'trang lỗi hoặc dữ liệu bị cắt ngang'],
  ['wrong-shape', 'không đúng định dạng lịch sử trò chuyện'],
  ['hang', 'không trả lời sau 1 giây'],
] as const;

for (const [fault, message] of signInFaults) {
  test(`signing in through a ${fault} fault explains it, keeps the form filled, and a retry works`, async ({ page, request }) => {
    await useTimeout(page, 1500);
    await page.goto('/');
    await injectFault(request, { fault, times: 1 });
    await signIn(page);
    await expect(page.getByRole('alert')).toContainText(message);
    await expect(page.getByLabel('Mã quản trị (sso_id)')).toHaveValue(DEMO.id);
    await expect(page.getByLabel('Mã bảo mật (hash_setting)')).toHaveValue(DEMO.hash);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
  });
}

test('a refused connection is explained, for sign-in and for paging, and retry recovers', async ({ page, request }) => {
  const refuse = (route: import('@playwright/test').Route) => route.abort('connectionrefused');
  await page.goto('/');
  await page.route('**/hischat.php', refuse);
  await signIn(page);
  await expect(page.getByRole('alert')).toHaveText(
    'Không kết nối được tới máy chủ vChat. Hãy kiểm tra mạng rồi thử lại.',
  );
  await page.unroute('**/hischat.php', refuse);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const first = await namesOnPage(request, 1);
  await expect(shownNames(page)).toHaveText(first);

  await page.route('**/hischat.php', refuse);
  await goToPage(page, 5);
  await expect(page.getByRole('alert')).toContainText('Không kết nối được tới máy chủ vChat.');
  await expect(shownNames(page)).toHaveText(first);
  await page.unroute('**/hischat.php', refuse);
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 5));
});

test('a redirect is not followed: the hash never reaches the other origin, and retry recovers', async ({ page, request }) => {
  // Another origin that would take the credentials, and answers any preflight as an accomplice.
  const received: string[] = [];
  const thief = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(200, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Headers': '*',
        'Access-Control-Allow-Methods': 'POST',
        'Content-Type': 'application/json',
      });
      res.end('{"status":1,"error":"","history":[]}');
    });
  });
  await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve));
  const { port } = thief.address() as AddressInfo;
  try {
    await page.goto('/');
    await injectFault(request, { fault: 'redirect', location: `http://127.0.0.1:${port}/steal`, times: 1 });
    await signIn(page);
    await expect(page.getByRole('alert')).toHaveText('Không kết nối được tới máy chủ vChat. Hãy kiểm tra mạng rồi thử lại.');
    await expect(page.getByLabel('Mã bảo mật (hash_setting)')).toHaveValue(DEMO.hash);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));

    // A conversation's messages, likewise.
    await injectFault(request, { fault: 'redirect', endpoint: 'chistory', location: `http://127.0.0.1:${port}/steal`, times: 1 });
    await list(page).locator('a[data-customer]').first().click();
    await expect(page.getByRole('region', { name: 'Tin nhắn' }).getByRole('alert')).toContainText('Không kết nối được tới máy chủ vChat.');
    await page.getByRole('region', { name: 'Tin nhắn' }).getByRole('button', { name: 'Thử lại' }).click();
    await expect(shownMessages(page).first()).toBeVisible();
    expect(received).toEqual([]);
  } finally {
    thief.close();
  }
});

test('a reply for a page already left never replaces the page on screen', async ({ page, request }) => {
  await openSignedIn(page);
  await injectFault(request, { fault: 'delay', page: 4, ms: 1200, times: 1 });
  const outcome: Record<number, string> = {};
  const pageOf = (r: import('@playwright/test').Request) => Number(new URLSearchParams(r.postData() ?? '').get('page'));
  page.on('requestfailed', (r) => r.url().endsWith('/hischat.php') && (outcome[pageOf(r)] = r.failure()?.errorText ?? 'failed'));
  page.on('requestfinished', (r) => r.url().endsWith('/hischat.php') && (outcome[pageOf(r)] = 'answered'));
  await goToPage(page, 4);
  // Page 4 is still on its way when the admin moves on.
  await expect(page.getByRole('progressbar', { name: 'Đang tải…' })).toBeVisible();
  await goToPage(page, 5);
  const fifth = await namesOnPage(request, 5);
  await expect(shownNames(page)).toHaveText(fifth);
  // Its request was called off, so no reply of it can reach the screen.
  await expect.poll(() => outcome[4]).toBe('net::ERR_ABORTED');
  expect(outcome[5]).toBe('answered');
  await expect(page).toHaveURL(/\?page=5$/);
  await expect(shownNames(page)).toHaveText(fifth);
});

test('100 quick clicks and quick back/forward end on the page the URL names, one request at a time', async ({ page, request }) => {
  await page.addInitScript(() => {
    const fetch = window.fetch;
    const w = window as any;
    w.inFlight = 0;
    w.maxInFlight = 0;
    // vChat's requests only: what else the page may fetch is not what this test is about.
    window.fetch = (...args) => {
      const [input] = args;
      if (!(input instanceof Request && input.url.endsWith('.php'))) return fetch(...args);
      w.inFlight += 1;
      w.maxInFlight = Math.max(w.maxInFlight, w.inFlight);
      return fetch(...args).finally(() => (w.inFlight -= 1));
    };
  });
  const errors = watchErrors(page);
  await openSignedIn(page);
  // Every reply takes 250 ms, so requests would overlap if the app did not call them off.
  await injectFault(request, { fault: 'delay', ms: 250 });
  const aborted: string[] = [];
  page.on('requestfailed', (r) => r.url().endsWith('/hischat.php') && aborted.push(r.failure()?.errorText ?? ''));

  const next = page.getByRole('link', { name: 'Trang sau' });
  const previous = page.getByRole('link', { name: 'Trang trước' });
  // 100 clicks, forth and back, drifting forward by 2 every 20: to page 11.
  for (let i = 0; i < 100; i++) {
    await (i % 20 === 19 || i % 2 === 0 ? next : previous).click();
  }
  await expect(page).toHaveURL(/\?page=11$/);
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 11));

  for (let i = 0; i < 6; i++) await page.goBack({ waitUntil: 'commit' });
  for (let i = 0; i < 2; i++) await page.goForward({ waitUntil: 'commit' });
  const number = Number(new URL(page.url()).searchParams.get('page') ?? '1');
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, number));
  await expect(page.getByRole('progressbar', { name: 'Đang tải…' })).toBeHidden();

  // Requests were in fact cancelled (not merely never overlapping), and never more than one ran.
  expect(aborted.length).toBeGreaterThan(10);
  expect(aborted.every((reason) => reason === 'net::ERR_ABORTED')).toBe(true);
  expect(await page.evaluate(() => (window as any).maxInFlight)).toBe(1);
  expect(errors).toEqual([]);
});

test('a reply far larger than any page stops being read, is explained, and retry recovers', async ({ page, request }) => {
  await openSignedIn(page);
  const first = await namesOnPage(request, 1);
  await injectFault(request, { fault: 'huge', page: 5, times: 1 });
  await goToPage(page, 5);
  await expect(page.getByRole('alert')).toContainText('dữ liệu quá lớn');
  await expect(page).toHaveURL(/\?page=5$/);
  await expect(shownNames(page)).toHaveText(first);
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 5));
});

test('API requests carry no cookies and bypass the browser cache', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'portal_session', value: 'secret-cookie', url: baseURL! }]);
  // Finished requests only, read in the test's body: a prefetch may still be in flight when the
  // test ends, and a listener awaiting its headers then fails the test.
  const sent: Request[] = [];
  page.on('requestfinished', (r) => {
    if (new URL(r.url()).pathname.endsWith('/hischat.php')) sent.push(r);
  });
  await openSignedIn(page);
  await page.getByRole('link', { name: 'Trang sau' }).click();
  await expect(page).toHaveURL(/\?page=2$/);
  await expect.poll(() => sent.length).toBeGreaterThanOrEqual(2);
  // The cookie is there for the page itself, so its absence is the app's doing.
  expect(await page.evaluate(() => document.cookie)).toContain('portal_session');
  for (const finished of sent.slice()) {
    const headers = await finished.allHeaders();
    expect(headers['cookie']).toBeUndefined();
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    // What the Fetch standard adds for `cache: "no-store"`.
    expect(headers['cache-control']).toBe('no-cache');
    expect(headers['pragma']).toBe('no-cache');
  }
});
