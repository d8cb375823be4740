import { expect, test, type Page } from '@playwright/test';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { shownNames, signIn } from './demo';

// The crash screen through its real path: a build with the `crash-test` feature
// (target/dist-crash, made by scripts/test) panics on the `vchat-history:test-panic` event,
// inside the running app; the panic hook installed at start must then show the screen.
const crashBuild = path.resolve(__dirname, '../../target/dist-crash');
const releaseBuild = path.resolve(__dirname, '../../dist');

/** Serves the app's files (index.html, embed.js, the bundle) from the crash test's build; the API
 * and the demo portal stay the demo's. */
async function useCrashBuild(page: Page) {
  await page.route(
    (url) => !/\.php$|^\/(portal|avatars|__demo)\//.test(url.pathname),
    async (route) => {
      const { pathname } = new URL(route.request().url());
      const file = path.join(crashBuild, pathname === '/' ? 'index.html' : pathname);
      const found = await stat(file).then((s) => s.isFile(), () => false);
      await (found ? route.fulfill({ path: file }) : route.continue());
    },
  );
}

async function wasmOf(dir: string) {
  const name = (await readdir(dir)).find((f) => f.endsWith('_bg.wasm'));
  return readFile(path.join(dir, name!));
}

test('the release bundle has no panic trigger; the crash test build has', async () => {
  expect((await wasmOf(releaseBuild)).includes('vchat-history:test-panic')).toBe(false);
  expect((await wasmOf(crashBuild)).includes('vchat-history:test-panic')).toBe(true);
});

test('a panic in the running app shows the crash screen in its place, with a reload link', async ({ page }) => {
  await useCrashBuild(page);
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('/?page=1');
  await signIn(page);
  await expect(shownNames(page)).toHaveCount(30);
  await page.evaluate(() => window.dispatchEvent(new Event('vchat-history:test-panic')));
  const screen = page.getByRole('alert').filter({ hasText: 'Đã xảy ra lỗi ngoài dự kiến' });
  await expect(screen).toBeVisible();
  await expect(screen).toContainText('Something went wrong');
  await expect(screen.getByRole('link', { name: 'Tải lại trang / Reload' })).toHaveAttribute('href', page.url());
  await expect(shownNames(page)).toHaveCount(0);
  expect(errors.some((e) => e.startsWith('vChat History stopped at'))).toBe(true);
  // The link reloads the app, still signed in.
  await screen.getByRole('link', { name: 'Tải lại trang / Reload' }).click();
  await expect(shownNames(page)).toHaveCount(30);
});

test("mounted in a host page, a panic replaces only the app's own element", async ({ page }) => {
  await useCrashBuild(page);
  await page.goto('/portal/mount.html');
  await signIn(page);
  await expect(shownNames(page)).toHaveCount(30);
  const host = () =>
    page.evaluate(() => {
      const copy = document.body.cloneNode(true) as HTMLElement;
      copy.querySelector('[data-vchat-history]')!.replaceChildren();
      return { body: copy.innerHTML, title: document.title, lang: document.documentElement.lang };
    });
  const before = await host();
  await page.evaluate(() => window.dispatchEvent(new Event('vchat-history:test-panic')));
  const mountPoint = page.locator('#chat-history');
  await expect(mountPoint.getByRole('alert')).toContainText('Đã xảy ra lỗi ngoài dự kiến');
  await expect(mountPoint.getByRole('heading', { level: 3 })).toHaveCount(0);
  expect(await host()).toEqual(before);
  await expect(page.getByRole('heading', { name: 'Cửa hàng Demo' })).toBeVisible();
});

test("the app's code that does not arrive is said where the first screen was, with a reload that recovers", async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.route('**/*_bg.wasm', (route) => route.fulfill({ status: 503, body: 'Service Unavailable' }));
  await page.goto('/?page=2');
  const screen = page.getByRole('alert').filter({ hasText: 'Không tải được ứng dụng' });
  await expect(screen).toBeVisible();
  await expect(screen).toContainText('The app could not be loaded');
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toHaveCount(0);
  const reload = screen.getByRole('link', { name: 'Tải lại trang / Reload' });
  await expect(reload).toHaveAttribute('href', page.url());
  expect(errors.some((e) => e.startsWith('vChat History could not load:'))).toBe(true);
  // The network is back: the link brings the app.
  await page.unroute('**/*_bg.wasm');
  await reload.click();
  await signIn(page);
  await expect(shownNames(page)).toHaveCount(30);
});

test("mounted in a host page, the app's code that does not arrive is said in the app's element only", async ({ page }) => {
  await page.route('**/*_bg.wasm', (route) => route.fulfill({ status: 503, body: 'Service Unavailable' }));
  await page.goto('/portal/mount.html');
  const mountPoint = page.locator('#chat-history');
  await expect(mountPoint.getByRole('alert')).toContainText('Không tải được ứng dụng');
  await expect(page.getByRole('heading', { name: 'Cửa hàng Demo' })).toBeVisible();
});
