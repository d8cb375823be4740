import { expect, test } from '@playwright/test';
import { clearFaults, list, namesOnPage, rowsOnPage, shownMessages, shownNames, signIn } from './demo';

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

// Served by nginx with deploy/nginx.conf, under /tools/chat-history/ (baseURL), with its CSP on.

test('runs under a sub-path through nginx, with its CSP and no violation', async ({ page, request }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content-Security-Policy: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const apiCalls: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && apiCalls.push(new URL(r.url()).pathname));

  const response = await page.goto('./');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(response?.headers()['cache-control']).toBe('no-cache');
  await signIn(page);
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));

  await page.getByRole('link', { name: 'Trang sau' }).click();
  await expect(page).toHaveURL(/\/tools\/chat-history\/\?page=2$/);
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 2));
  await page.reload();
  await expect(page).toHaveURL(/\/tools\/chat-history\/\?page=2$/);
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 2));
  await page.goBack();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
  await page.goForward();
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 2));

  // A conversation, through nginx's /chistory.php, deep-linked under the sub-path.
  const row = (await rowsOnPage(request, 2))[3];
  await list(page).locator(`a[data-customer="${row.uss_sso_id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/tools/chat-history/\\?page=2&c=${row.uss_sso_id}$`));
  await expect(shownMessages(page).last()).toHaveText(row.last_msg[0].cha_message);
  await page.reload();
  await expect(shownMessages(page).last()).toHaveText(row.last_msg[0].cha_message);

  expect(new Set(apiCalls)).toEqual(new Set(['/hischat.php', '/chistory.php']));
  expect(violations).toEqual([]);
});

test('hashed assets are cached for good, the entry points never', async ({ page, request }) => {
  const assets: Record<string, string> = {};
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/tools/chat-history/')) assets[path] = r.headers()['cache-control'] ?? '';
  });
  await page.goto('./');
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();
  const hashed = Object.entries(assets).filter(([path]) => /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(path));
  expect(hashed.length).toBeGreaterThanOrEqual(3);
  for (const [path, policy] of hashed) expect(policy, path).toBe('public, max-age=31536000, immutable');
  expect(assets['/tools/chat-history/embed.js']).toBe('no-cache');
  expect((await request.get('./')).headers()['cache-control']).toBe('no-cache');
});
