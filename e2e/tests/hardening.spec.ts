import { expect, test, type Page } from '@playwright/test';
import { DEMO, clearFaults, list, namesOnPage, openSignedIn, rowsOnPage, shownMessages, shownNames, signIn, useSettings } from './demo';

/** The stored session in `localStorage` and in `sessionStorage`, or null where there is none. */
function storedSessions(page: Page) {
  return page.evaluate(() => [localStorage, sessionStorage].map((s) => s.getItem('vchat-history.session')));
}

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

/** Serves `body` as a host page at `path` of the demo's origin, loading the app's embed.js. */
async function hostPage(page: Page, path: string, body: string) {
  await page.route(`**${path}`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!DOCTYPE html><html lang="en"><head><title>Host portal</title></head><body>${body}
        <script type="module" src="/embed.js"></script></body></html>`,
    }),
  );
  await page.goto(path);
}

test.describe('mounted into a host page', () => {
  test('an API address on another origin is refused, before any request', async ({ page }) => {
    const hosts = new Set<string>();
    page.on('request', (r) => hosts.add(new URL(r.url()).host));
    // A remembered session is there to be stolen.
    await page.goto('/');
    await signIn(page, { remember: true });
    await expect(shownNames(page)).toHaveCount(30);
    await hostPage(page, '/portal/injected.html', `
      <div data-vchat-history data-api-url="https://evil.example/hischat.php"></div>`);
    await expect(page.getByRole('alert')).toContainText('địa chỉ API phải cùng nguồn với trang này');
    await expect(page.getByRole('button')).toHaveCount(0);
    expect([...hosts].filter((h) => h.includes('evil'))).toEqual([]);
  });

  test('with more than one mount point it starts in none', async ({ page }) => {
    let posts = 0;
    page.on('request', (r) => r.method() === 'POST' && posts++);
    await hostPage(page, '/portal/two.html', `
      <div data-vchat-history data-api-url="/hischat.php"></div>
      <div data-vchat-history data-api-url="/hischat.php"></div>`);
    await expect(page.getByRole('alert')).toHaveCount(2);
    await expect(page.getByRole('alert').first()).toContainText('nhiều hơn một chỗ gắn ứng dụng');
    await expect(page.getByLabel('Mã quản trị (sso_id)')).toHaveCount(0);
    expect(posts).toBe(0);
  });

  test('without a mount point it leaves the host page alone', async ({ page }) => {
    await hostPage(page, '/portal/plain.html', '<main><h1>Host</h1><p>Nothing to mount.</p></main>');
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')));
    await page.waitForTimeout(500);
    expect(await page.title()).toBe('Host portal');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect(page.locator('body > main')).toHaveText('HostNothing to mount.');
    await expect(page.locator('.vchat-history')).toHaveCount(0);
  });

  test('offers no "remember me": the session lives in the tab only', async ({ page, request }) => {
    await page.goto('/portal/mount.html');
    await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
    await expect(page.getByLabel('Ghi nhớ trên máy này')).toHaveCount(0);
    await signIn(page);
    await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
    const stored = await page.evaluate(() => [localStorage.getItem('vchat-history.session'), sessionStorage.getItem('vchat-history.session')]);
    expect(stored[0]).toBeNull();
    expect(stored[1]).toContain(DEMO.id);
  });
});

test.describe('mounted, in the host page\'s URL and focus', () => {
  test('keeps to its own parameters and the host\'s fragment, steals no focus on load, and unmounts on request', async ({ page, request }) => {
    // Every listener added to anything, with whether the app's code (its wasm or its glue script)
    // added it, and whether it was removed since.
    await page.addInitScript(() => {
      const live: { target: EventTarget; type: string; listener: unknown; capture: boolean; app: boolean }[] = [];
      (window as any).__listeners = live;
      const capture = (options: unknown) => (typeof options === 'boolean' ? options : Boolean((options as any)?.capture));
      const add = EventTarget.prototype.addEventListener;
      const remove = EventTarget.prototype.removeEventListener;
      EventTarget.prototype.addEventListener = function (type: string, listener: any, options?: any) {
        const app = /wasm-function|wasm:\/\/|vchat-history-[0-9a-f]+\.js/.test(new Error().stack ?? '');
        const record = { target: this, type, listener, capture: capture(options), app };
        live.push(record);
        // A `once` listener goes by itself when it has been heard.
        if ((options as any)?.once) add.call(this, type, () => live.includes(record) && live.splice(live.indexOf(record), 1), { once: true });
        return add.call(this, type, listener, options);
      };
      EventTarget.prototype.removeEventListener = function (type: string, listener: any, options?: any) {
        const i = live.findIndex((l) => l.target === this && l.type === type && l.listener === listener && l.capture === capture(options));
        if (i >= 0) live.splice(i, 1);
        return remove.call(this, type, listener, options);
      };
    });
    // A hash-routed portal: its route lives in the fragment.
    await page.goto('/portal/mount.html?page=host-owned#/admin/chat');
    await signIn(page);
    await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
    await page.getByRole('link', { name: 'Trang sau' }).click();
    await expect(page).toHaveURL(/[?&]vch-page=2(&|#|$)/);
    expect(new URL(page.url()).searchParams.get('page')).toBe('host-owned');
    expect(new URL(page.url()).hash).toBe('#/admin/chat');
    // The app's links keep it too, and so does the search the address bar follows.
    const row2 = (await rowsOnPage(request, 2))[0];
    await expect(list(page).locator(`a[data-customer="${row2.uss_sso_id}"]`)).toHaveAttribute(
      'href',
      new RegExp(`vch-c=${row2.uss_sso_id}#/admin/chat$`),
    );
    await list(page).locator(`a[data-customer="${row2.uss_sso_id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`vch-c=${row2.uss_sso_id}#/admin/chat$`));
    await page.getByRole('searchbox', { name: 'Tìm khách' }).fill('nguyen');
    await expect(page).toHaveURL(/vch-q=nguyen.*#\/admin\/chat$/);
    await page.getByRole('searchbox', { name: 'Tìm khách' }).fill('');
    await expect(page).not.toHaveURL(/vch-q=/);
    expect(new URL(page.url()).hash).toBe('#/admin/chat');

    // A link straight to a conversation: it opens, and focus stays where the host has it.
    const row = (await rowsOnPage(request, 2))[3];
    await page.goto(`/portal/mount.html?page=host-owned&vch-page=2&vch-c=${row.uss_sso_id}`);
    await expect(shownMessages(page).last()).toHaveText(row.last_msg[0].cha_message);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');

    // The host removes the app: its view goes, and every listener it added with it.
    const appListeners = () =>
      page.evaluate(() =>
        ((window as any).__listeners as { target: EventTarget; type: string; app: boolean }[])
          .filter((l) => l.app && (l.target === window || l.target === document || (l.target instanceof Node && l.target.isConnected)))
          .map((l) => `${l.target === window ? 'window' : l.target === document ? 'document' : (l.target as Element).tagName ?? 'node'}:${l.type}`)
          .sort(),
      );
    const before = await appListeners();
    for (const type of ['storage', 'popstate', 'keydown']) expect(before).toContain(`window:${type}`);
    await page.evaluate(() => document.querySelector('[data-vchat-history]')!.dispatchEvent(new Event('vchat-history:unmount')));
    await expect(page.locator('.vchat-history')).toHaveCount(0);
    expect(await appListeners()).toEqual([]);
    const url = page.url();
    await page.keyboard.press('n');
    await page.evaluate(() => window.dispatchEvent(new PopStateEvent('popstate')));
    expect(page.url()).toBe(url);
    await expect(page.locator('.vchat-history')).toHaveCount(0);
  });
});

test.describe('framed', () => {
  test('by a page that is not allowed, it opens no stored session and says why', async ({ page, baseURL }) => {
    await page.goto('/');
    await signIn(page, { remember: true });
    await expect(shownNames(page)).toHaveCount(30);
    // A page of the same site (so the frame sees the same storage) that is not an allowed host.
    const app = new URL('/', baseURL).href;
    await page.route('http://127.0.0.1:8999/stranger.html', (route) =>
      route.fulfill({ contentType: 'text/html', body: `<iframe src="${app}" title="app" style="width:900px;height:700px"></iframe>` }),
    );
    // The demo only lets its own pages frame the app; this test looks past that, at the app.
    await page.route(app, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      await route.fulfill({ response, headers });
    });
    await page.goto('http://127.0.0.1:8999/stranger.html');
    const frame = page.frameLocator('iframe');
    await expect(frame.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    await expect(frame.getByText('không có trong danh sách được phép')).toBeVisible();
    await expect(frame.getByRole('button', { name: 'Đăng xuất' })).toHaveCount(0);
  });

  test('messages from another frame or window of an allowed host are ignored', async ({ page, baseURL }) => {
    const port = new URL(baseURL!).port;
    await page.goto(`http://localhost:${port}/portal/host.html`);
    const app = page.frameLocator('#app');
    await expect(app.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    await expect.poll(() => page.evaluate(() => (window as any).received.length)).toBeGreaterThan(0);
    let posts = 0;
    page.on('request', (r) => r.method() === 'POST' && posts++);
    // A sandboxed child frame of the host (origin "null") posts to the app's frame.
    await page.evaluate(({ id, hash }) => {
      const child = document.createElement('iframe');
      child.setAttribute('sandbox', 'allow-scripts');
      child.srcdoc = `<script>parent.frames[0].postMessage({ type: 'vchat-history:sign-in', ssoId: ${id}, hash: '${hash}' }, '*');<\/script>`;
      document.body.append(child);
    }, DEMO);
    // A second window of the host's own origin (so only the check of the sender, not of its
    // origin, can stop it) posts to the app's frame.
    await page.evaluate(({ id, hash }) => {
      const opened = window.open('about:blank');
      opened?.eval(`opener.frames[0].postMessage({ type: 'vchat-history:sign-in', ssoId: ${id}, hash: '${hash}' }, '*')`);
    }, DEMO);
    await page.waitForTimeout(1500);
    await expect(app.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    expect(posts).toBe(0);
    // The host page itself still can.
    await page.evaluate(({ id, hash }) => (window as any).send({ type: 'vchat-history:sign-in', ssoId: id, hash }), DEMO);
    await expect(app.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
  });
});

test.describe('the stored session', () => {
  test('says on the form how long it stays, and expires', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText('đừng chọn trên máy dùng chung')).toBeVisible();
    await expect(page.getByText('tối đa 30 ngày')).toBeVisible();
    await signIn(page, { remember: true });
    await expect(shownNames(page)).toHaveCount(30);
    await page.reload();
    await expect(shownNames(page)).toHaveCount(30);
    // A day past its expiry.
    await page.evaluate(() => {
      const [id, , hash] = localStorage.getItem('vchat-history.session')!.split('\n');
      localStorage.setItem('vchat-history.session', `${id}\n${Date.now() - 86_400_000}\n${hash}`);
    });
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    // Found expired, it is erased: the hash does not outstay its session.
    expect(await storedSessions(page)).toEqual([null, null]);
  });

  test('an unreadable stored session is erased, not kept', async ({ page }) => {
    await page.goto('/');
    await page.evaluate((hash) => {
      localStorage.setItem('vchat-history.session', `218\nsoon\n${hash}`);
      sessionStorage.setItem('vchat-history.session', `{"sso_id":218,"hash":"${hash}"}`);
    }, DEMO.hash);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    expect(await storedSessions(page)).toEqual([null, null]);
  });

  test('lasts as many days as `session-days` says', async ({ page }) => {
    await useSettings(page, { 'session-days': '2' });
    await page.goto('/');
    await expect(page.getByText('tối đa 2 ngày')).toBeVisible();
    const before = await page.evaluate(() => Date.now());
    await signIn(page, { remember: true });
    await expect(shownNames(page)).toHaveCount(30);
    const after = await page.evaluate(() => Date.now());
    const [stored] = await storedSessions(page);
    const expires = Number(stored!.split('\n')[1]);
    expect(expires).toBeGreaterThanOrEqual(before + 2 * 86_400_000);
    expect(expires).toBeLessThanOrEqual(after + 2 * 86_400_000);
  });

  test('signing out in one tab signs out every tab', async ({ page, context }) => {
    await openSignedIn(page);
    const other = await context.newPage();
    await other.goto('/');
    await signIn(other);
    await expect(shownNames(other)).toHaveCount(30);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(other.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    expect(await other.evaluate(() => sessionStorage.getItem('vchat-history.session'))).toBeNull();
  });
});

test('the demo server lets only its own pages frame the app, and gives the API to no other origin', async ({ request, baseURL }) => {
  const index = await request.get('/');
  const port = new URL(baseURL!).port;
  expect(index.headers()['content-security-policy']).toBe(
    `frame-ancestors 'self' http://localhost:${port} http://127.0.0.1:${port}`,
  );
  const api = await request.post('/hischat.php', { form: { sso_id: DEMO.id, hash: DEMO.hash, page: '1' } });
  expect(api.headers()['access-control-allow-origin']).toBeUndefined();
  const script = await request.get('/embed.js');
  expect(script.headers()['access-control-allow-origin']).toBe('*');
});
