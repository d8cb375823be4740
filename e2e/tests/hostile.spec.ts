import { expect, test } from '@playwright/test';
import { DEMO, HOSTILE, clearFaults, goToPage, injectFault, list, namesOnPage, shownNames, signIn, watchAttacks } from './demo';

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

test('attack strings in every field stay inert text, and no URL of theirs is followed', async ({ page, baseURL, request }) => {
  const { dialogs, hosts, errors } = watchAttacks(page);

  await page.goto('/');
  await signIn(page, HOSTILE);
  const names = await namesOnPage(request, 1, HOSTILE);
  expect(names.length).toBeGreaterThan(15);
  // Each name is shown as exactly the text that was sent, markup and all.
  await expect(shownNames(page)).toHaveText(names);
  await expect(page.getByText('<script>window.__pwned=1</script>', { exact: true }).first()).toBeVisible();

  const app = page.locator('.vchat-history');
  await expect(app.locator('script, iframe, object, embed, svg, math, style, textarea')).toHaveCount(0);
  const links = await list(page).locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '(none)'));
  for (const href of links) expect(href).toMatch(/^(https?:\/\/|tel:\+?\d+$|mailto:[^\s?&<>"'@]+@[^\s?&<>"'@]+$|\?page=1&c=\d+$)/);
  const images = await list(page).locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src') ?? ''));
  for (const src of images) expect(src).toMatch(/^https?:\/\//);
  // The corpus's only genuine URL is the first customer's product page: the one web link shown,
  // on that row.
  const product = 'https://vatgia.com/438/3001006/giay-da-bong.html';
  expect(links.filter((href) => href.startsWith('http'))).toEqual([product]);
  await expect(list(page).getByRole('listitem').first().getByRole('link', { name: 'Trang khách đã xem' })).toHaveAttribute('href', product);
  expect(images).toEqual([]);

  // Nothing ran, nothing was fetched from elsewhere, nothing broke.
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect([...hosts]).toEqual([new URL(baseURL!).host]);
  expect(errors).toEqual([]);
  // The rest of the app still works, in English too.
  await page.getByLabel('Ngôn ngữ').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Conversation history' })).toBeVisible();
});

test('the hash shows up nowhere but the password field, and sign-out erases it', async ({ page, request }) => {
  const console: string[] = [];
  page.on('console', (m) => console.push(m.text()));
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  const outsidePasswordField = () =>
    page.evaluate(() => {
      const copy = document.documentElement.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('input[type="password"]').forEach((input) => input.remove());
      const values = [...document.querySelectorAll('input:not([type="password"])')].map((i) => (i as HTMLInputElement).value);
      return [copy.outerHTML, document.title, values.join(' ')].join('\\n');
    });

  await page.goto('/');
  await signIn(page, { remember: true });
  await expect(shownNames(page)).toHaveCount(30);
  expect(await outsidePasswordField()).not.toContain(DEMO.hash);

  // A server that echoes the hash in its refusal: the message shown must not repeat it.
  await injectFault(request, { fault: 'refuse-echo', page: 5 });
  await goToPage(page, 5);
  await expect(page.getByRole('alert')).toContainText('vChat từ chối yêu cầu: “Sai ma bao mat: …”');
  expect(await outsidePasswordField()).not.toContain(DEMO.hash);
  await clearFaults(request);

  await signIn(page, { remember: true });
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 5));
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  const storage = await page.evaluate(() =>
    [localStorage, sessionStorage].flatMap((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`)).join('\\n'),
  );
  expect(storage).not.toContain(DEMO.hash);
  expect(storage).not.toContain('vchat-history.session');

  expect(urls.join('\\n')).not.toContain(DEMO.hash);
  expect(console.join('\\n')).not.toContain(DEMO.hash);
  expect(await outsidePasswordField()).not.toContain(DEMO.hash);
});
