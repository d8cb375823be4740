import { expect, test, type Page } from '@playwright/test';
import { DEMO, clearFaults, goToPage, injectFault, list, namesOnPage, sameSitePortal, shownNames, signIn } from './demo';

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

/** The demo's message playground: it frames the app from the other loopback name. */
async function hostPage(page: Page, host: 'localhost' | '127.0.0.1', port: string) {
  await page.goto(`http://${host}:${port}/portal/host.html`);
  return page.frameLocator('#app');
}

test.describe('in an iframe of the demo portal', () => {
  test('the portal signs the app in, sizes the frame and hears what happens', async ({ page, baseURL, request }) => {
    const port = new URL(baseURL!).port;
    await page.goto(`http://localhost:${port}/portal/`);
    const app = page.frameLocator('#vchat-history');
    await expect(shownNames(app)).toHaveText(await namesOnPage(request, 1));
    const events = page.getByRole('list', { name: 'Events from the app' });
    await expect(events).toContainText('"type":"vchat-history:ready"');
    await expect(events).toContainText('"type":"vchat-history:signed-in","ssoId":218');
    await expect(events).toContainText('"type":"vchat-history:height"');
    // The frame grew to the app's height: no scrollbar inside it.
    await expect.poll(async () => (await page.locator('#vchat-history').boundingBox())?.height ?? 0).toBeGreaterThan(2000);
    // Exactly the app's own measured height (the portal sets what it hears).
    const measured = await app.locator('.vchat-history').evaluate((root) => Math.ceil(root.getBoundingClientRect().height));
    await expect
      .poll(async () => page.locator('#vchat-history').evaluate((frame) => frame.getBoundingClientRect().height - frame.clientTop * 2))
      .toBe(measured);

    await app.getByRole('link', { name: 'Trang sau' }).click();
    await expect(events).toContainText('"type":"vchat-history:page-changed","page":2');
    await app.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(events).toContainText('"type":"vchat-history:signed-out"');
    await expect(app.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    // The credentials travelled by postMessage only, never in a URL.
    expect(page.frames().map((f) => f.url()).join(' ')).not.toContain(DEMO.hash);
  });

  test('credentials from a host that is not allowed are ignored, and it hears nothing', async ({ page, baseURL }) => {
    // Opened on 127.0.0.1, the playground frames the app from localhost: not an allowed host.
    const app = await hostPage(page, '127.0.0.1', new URL(baseURL!).port);
    await expect(app.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    await page.evaluate(({ id, hash }) => {
      (window as any).send({ type: 'vchat-history:sign-in', ssoId: Number(id), hash });
    }, DEMO);
    await page.waitForTimeout(1500);
    await expect(app.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    await expect(list(app)).toHaveCount(0);
    expect(await page.evaluate(() => (window as any).received)).toEqual([]);
  });

  test('malformed sign-in messages from an allowed host change nothing', async ({ page, baseURL, request }) => {
    const app = await hostPage(page, 'localhost', new URL(baseURL!).port);
    await expect.poll(() => page.evaluate(() => (window as any).received.map((m: any) => m.data.type))).toContain('vchat-history:ready');
    for (const bad of [
      null,
      'vchat-history:sign-in',
      { type: 'vchat-history:sign-in' },
      { type: 'vchat-history:sign-in', ssoId: 'abc', hash: DEMO.hash },
      { type: 'vchat-history:sign-in', ssoId: -218, hash: DEMO.hash },
      { type: 'vchat-history:sign-in', ssoId: 218.5, hash: DEMO.hash },
      { type: 'vchat-history:sign-in', ssoId: 218, hash: '   ' },
      { type: 'vchat-history:sign-in', ssoId: 218, hash: 42 },
      { type: 'vchat-history:sign-out', ssoId: 218, hash: DEMO.hash },
      { type: 'vchat-history:sign-in', ssoId: { valueOf: 218 }, hash: DEMO.hash },
    ]) {
      await page.evaluate((data) => (window as any).send(data), bad);
    }
    await page.waitForTimeout(1000);
    await expect(app.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    await expect(app.getByRole('alert')).toHaveCount(0);

    await page.evaluate(({ id, hash }) => (window as any).send({ type: 'vchat-history:sign-in', ssoId: id, hash }), DEMO);
    await expect(shownNames(app)).toHaveText(await namesOnPage(request, 1));
    const received = await page.evaluate(() => (window as any).received);
    expect(received.length).toBeGreaterThan(1);
    expect(received.every((m: any) => m.origin === new URL(baseURL!).origin)).toBe(true);
    expect(received.map((m: any) => m.data.type)).toContain('vchat-history:signed-in');

    // vChat stops accepting the hash: the host hears why.
    await injectFault(request, { fault: 'refuse', page: 5 });
    await goToPage(app, 5);
    await expect(app.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    await expect
      .poll(() => page.evaluate(() => (window as any).received.map((m: any) => m.data)))
      .toContainEqual({ type: 'vchat-history:session-refused', reason: 'Khong co ma bao mat' });

    // Signed in again, then refused by a server that quotes the hash: the host hears the reason
    // without it. No message to the host ever carries the hash.
    await clearFaults(request);
    await page.evaluate(({ id, hash }) => (window as any).send({ type: 'vchat-history:sign-in', ssoId: id, hash }), DEMO);
    await expect(app.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
    await injectFault(request, { fault: 'refuse-echo', page: 7 });
    await goToPage(app, 7);
    await expect
      .poll(() => page.evaluate(() => (window as any).received.map((m: any) => m.data)))
      .toContainEqual({ type: 'vchat-history:session-refused', reason: 'Sai ma bao mat: …' });
    const everything = JSON.stringify(await page.evaluate(() => (window as any).received));
    expect(everything).not.toContain(DEMO.hash);
    expect(everything.toLowerCase()).not.toContain(DEMO.hash.toLowerCase());
  });

  test("the host's `remember` decides where the session is kept", async ({ page, baseURL }) => {
    const app = await sameSitePortal(page, baseURL!);
    const stored = () =>
      page.frames()[1].evaluate(() => ({
        local: localStorage.getItem('vchat-history.session') !== null,
        session: sessionStorage.getItem('vchat-history.session') !== null,
      }));
    for (const remember of [true, false]) {
      await page.evaluate(({ id, hash, remember }) => (window as any).send({ type: 'vchat-history:sign-in', ssoId: id, hash, remember }), { ...DEMO, remember });
      await expect(shownNames(app)).toHaveCount(30);
      expect(await stored()).toEqual({ local: remember, session: !remember });
      await app.getByRole('button', { name: 'Đăng xuất' }).click();
      await expect(app.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
      expect(await stored()).toEqual({ local: false, session: false });
    }
  });

  test('signing out calls off a sign-in still being checked, which then cannot sign in again', async ({ page, baseURL, request }) => {
    const app = await hostPage(page, 'localhost', new URL(baseURL!).port);
    const received = () => page.evaluate(() => (window as any).received.map((m: any) => m.data.type));
    await expect.poll(received).toContain('vchat-history:ready');
    const signInMessage = () =>
      page.evaluate(({ id, hash }) => (window as any).send({ type: 'vchat-history:sign-in', ssoId: id, hash }), DEMO);
    await signInMessage();
    await expect(shownNames(app)).toHaveText(await namesOnPage(request, 1));

    // The host hands the credentials over again; while vChat takes its time, the admin signs out.
    await injectFault(request, { fault: 'delay', page: 1, ms: 1500, times: 1 });
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await signInMessage();
    await app.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(app.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    await expect.poll(() => failed.filter((url) => url.endsWith('/hischat.php')).length).toBe(1);
    await page.waitForTimeout(2000);
    await expect(app.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    expect((await received()).filter((type: string) => type === 'vchat-history:signed-in')).toHaveLength(1);
    expect(await received()).toContain('vchat-history:signed-out');
  });
});

test.describe('mounted into a host page', () => {
  const hostLook = (page: Page) =>
    page.evaluate(() => {
      const look = (selector: string) => {
        const style = getComputedStyle(document.querySelector(selector)!);
        return [style.display, style.fontSize, style.fontFamily, style.color, style.textTransform, style.margin].join(' | ');
      };
      return ['body', '#portal-title', 'nav h2', 'nav a', 'nav button', 'nav'].map(look);
    });

  test('works among hostile global styles, which it neither suffers nor changes', async ({ page, request }) => {
    // The host page as it looks without the app.
    await page.route('**/embed.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
    await page.goto('/portal/mount.html');
    const before = await hostLook(page);
    await page.unroute('**/embed.js');

    await page.goto('/portal/mount.html');
    const signInButton = page.getByRole('button', { name: 'Đăng nhập' });
    await expect(signInButton).toBeVisible(); // despite the host's `button { display: none }`
    expect(await hostLook(page)).toEqual(before);
    expect(await page.title()).toBe('Cổng quản trị demo: vChat History gắn vào trang');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    // Even in English, the host's title and language are the host's.
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(await page.title()).toBe('Cổng quản trị demo: vChat History gắn vào trang');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByLabel('Language').selectOption('vi');

    await signIn(page);
    await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
    // Not the host's `* { font-size: 22px }`: the app's own size (the host's theme sets 16px).
    const nameSize = await shownNames(page).first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(nameSize).toBeGreaterThan(12);
    expect(nameSize).toBeLessThan(20);
    expect(await hostLook(page)).toEqual(before);
    // The app is a region of the host page, not a second <main>.
    await expect(page.getByRole('main')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Lịch sử chat vChat' })).toBeVisible();
  });

  test("the layout follows the container's width, not the window's", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/portal/mount.html');
    await signIn(page);
    await expect(shownNames(page)).toHaveCount(30);
    const avatar = list(page).locator('.vch-avatar').first();
    const setWidth = (px: string) => page.evaluate((w) => (document.getElementById('chat-history')!.style.width = w), px);
    // Wide: 48 px avatars; a conversation opens beside the list.
    await setWidth('1000px');
    await expect(avatar).toHaveCSS('width', '48px');
    await list(page).getByRole('heading', { level: 3 }).first().getByRole('link').click();
    await expect(page.getByRole('region', { name: 'Tin nhắn' })).toBeVisible();
    await expect(list(page)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Danh sách' })).toBeHidden();
    // The same window, a narrow container: the conversation takes the list's place.
    await setWidth('700px');
    await expect(list(page)).toBeHidden();
    await expect(page.getByRole('button', { name: 'Danh sách' })).toBeVisible();
    await page.getByRole('button', { name: 'Danh sách' }).click();
    // Phone width: smaller avatars.
    await setWidth('400px');
    await expect(avatar).toHaveCSS('width', '36px');
    await setWidth('1000px');
    await expect(avatar).toHaveCSS('width', '48px');
  });

  test('takes the theme the host sets and the width of its container', async ({ page }) => {
    await page.goto('/portal/mount.html');
    const button = page.getByRole('button', { name: 'Đăng nhập' });
    await expect(button).toBeVisible();
    // --vch-accent is #8b2f00 on the host page.
    await expect(button).toHaveCSS('background-color', 'rgb(139, 47, 0)');
    await expect(button).toHaveCSS('font-family', /Georgia/);
    const [container, app] = await page.evaluate(() => [
      document.getElementById('chat-history')!.getBoundingClientRect().width,
      document.querySelector('.vchat-history')!.getBoundingClientRect().width,
    ]);
    expect(app).toBe(container);
    expect(app).toBeLessThan(page.viewportSize()!.width - 200);
  });
});

test('dark theme follows the system unless set', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ colorScheme: 'dark', baseURL });
  const page = await context.newPage();
  await page.goto('/');
  const card = page.getByRole('button', { name: 'Đăng nhập' });
  await expect(card).toHaveCSS('background-color', 'rgb(122, 180, 255)');
  await page.goto('/portal/mount.html'); // data-theme="light" there
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toHaveCSS('background-color', 'rgb(139, 47, 0)');
  await expect(page.locator('.vchat-history')).toHaveCSS('color-scheme', 'light');
  await context.close();
});
