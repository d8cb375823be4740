import { expect, test, type Page } from '@playwright/test';
import { clearFaults, namesOnPage, shownNames, signIn } from './demo';

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

/** Serves the app's index.html with one run-time setting changed, as a deployer would. */
async function withSetting(page: Page, name: string, value: string) {
  await page.route(
    (url) => url.pathname === '/' || url.pathname.endsWith('/index.html'),
    async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        new RegExp(`(name="vchat-history:${name}" content=")[^"]*`),
        `$1${value}`,
      );
      await route.fulfill({ response, body: html });
    },
  );
}

/** Answers `path` with what the demo API answers at `/hischat.php`, noting each request. */
async function relay(page: Page, path: string) {
  const seen: string[] = [];
  await page.route(`**${path}`, async (route) => {
    seen.push(route.request().url());
    const response = await route.fetch({ url: new URL('/hischat.php', route.request().url()).href });
    await route.fulfill({ response });
  });
  return seen;
}

for (const [kind, value] of [
  ['a path', '/vchat/hischat.php'],
  ['a full URL', 'http://127.0.0.1:PORT/vchat/hischat.php'],
] as const) {
  test(`api-url is where the history is asked for, given as ${kind}`, async ({ page, request, baseURL }) => {
    await withSetting(page, 'api-url', value.replace('PORT', new URL(baseURL!).port));
    const seen = await relay(page, '/vchat/hischat.php');
    await page.goto('/');
    await signIn(page);
    await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((url) => new URL(url).pathname === '/vchat/hischat.php')).toBe(true);
    // The page fetched ahead may still be on its way through the relay.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });
}

for (const [theme, scheme, background] of [
  ['dark', 'light', 'rgb(122, 180, 255)'],
  ['light', 'dark', 'rgb(21, 101, 192)'],
] as const) {
  test(`theme "${theme}" holds whatever the system prefers`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ colorScheme: scheme, baseURL });
    const page = await context.newPage();
    await withSetting(page, 'theme', theme);
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Đăng nhập' })).toHaveCSS('background-color', background);
    await expect(page.locator('.vchat-history')).toHaveCSS('color-scheme', theme);
    await context.close();
  });
}
