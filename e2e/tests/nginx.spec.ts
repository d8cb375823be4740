import { expect, test } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HOSTILE, LARGE, clearFaults, downloadBytes, firstScreen, list, namesOnPage, readSheet, rowsOnPage, shownMessages, shownNames, signIn, unzip } from './demo';

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
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toBe(
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https: http:; " +
      "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
  );
  expect(policy).not.toContain('unsafe-inline');
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

test('the search and the CSV and Excel exports work under the CSP, at the default loading pace', async ({ page, request }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content-Security-Policy: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const rejected: number[] = [];
  page.on('response', (r) => r.url().endsWith('/hischat.php') && r.status() !== 200 && rejected.push(r.status()));
  await page.goto('./');
  await signIn(page);
  await expect(shownNames(page)).toHaveCount(30);
  // The whole history, 15 pages, through nginx's 5 requests a second: none refused.
  await page.getByRole('searchbox', { name: 'Tìm khách' }).fill('nguyen');
  await expect(page.getByText('Đã tải toàn bộ lịch sử: 15 trang · 437 cuộc trò chuyện')).toBeVisible({ timeout: 20_000 });
  expect(rejected).toEqual([]);
  const count = Number((await page.getByText(/^\d+ kết quả trong 437/).textContent())!.split(' ')[0]);
  expect(count).toBeGreaterThan(10);

  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất CSV' }).click()]);
  expect(file.suggestedFilename()).toMatch(/^vchat-history-218-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile((await file.path())!, 'utf8');
  const lines = text.split('\r\n');
  expect(lines[0]).toBe('\ufeffMã khách,Tên,Tên khách để lại,Số điện thoại,Số điện thoại như đã viết,Email,Địa chỉ,Tin nhắn cuối,Thời gian (ISO 8601),Thời gian,Trang sản phẩm,Mã sản phẩm,Thành viên Vatgia,Mã hỗ trợ viên,Cùng khách với (SĐT hoặc email chung),Phản hồi đầu tiên (giây)');
  // One line per result, and a last empty one after the final CRLF.
  expect(lines.length).toBe(count + 2);
  expect(lines.slice(1, -1).every((line) => /^\d+,/.test(line))).toBe(true);

  // The Excel writer's worker, under the same policy: the same rows.
  const excel = await downloadBytes(page, () => page.getByRole('button', { name: 'Xuất Excel' }).click());
  expect(excel.name).toMatch(/^vchat-history-218-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const { cells } = readSheet(unzip(excel.bytes));
  const ids = lines.slice(1, -1).map((line) => Number(line.split(',')[0]));
  expect(ids.map((_, i) => cells.get(`A${i + 2}`)?.number)).toEqual(ids);
  expect(violations).toEqual([]);
});

test('the default loading pace stays under the rate limit well past its burst', async ({ page }) => {
  const rejected: number[] = [];
  let asked = 0;
  page.on('request', (r) => r.url().endsWith('/hischat.php') && asked++);
  page.on('response', (r) => r.url().endsWith('/hischat.php') && r.status() !== 200 && rejected.push(r.status()));
  await page.goto('./');
  await signIn(page, LARGE);
  await expect(shownNames(page)).toHaveCount(30);
  await page.getByRole('searchbox', { name: 'Tìm khách' }).fill('nguyen');
  // 35 requests at 2.5 a second: 15 more than the burst nginx allows, about 14 s.
  const progress = page.getByText(/^Đã tải \d+ trang/);
  await expect
    .poll(async () => Number((await progress.textContent().catch(() => null))?.match(/\d+/)?.[0] ?? 0), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(35);
  await page.getByRole('button', { name: 'Dừng tải' }).click();
  expect(asked).toBeGreaterThanOrEqual(35);
  expect(rejected).toEqual([]);
});

test('only the portal itself may frame the app', async ({ page, baseURL }) => {
  const app = new URL('./', baseURL).href;
  const framing = (url: string) =>
    page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: `<iframe src="${app}" title="app"></iframe>` }));
  // The portal's own origin: allowed.
  const own = new URL('/portal-page.html', baseURL).href;
  await framing(own);
  await page.goto(own);
  await expect(page.frameLocator('iframe').getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  // Another origin (the other loopback name): the browser refuses to show the app.
  const other = own.replace('127.0.0.1', 'localhost');
  await framing(other);
  await page.goto(other);
  await page.waitForTimeout(1500);
  await expect(page.frameLocator('iframe').getByRole('heading', { name: 'Đăng nhập' })).toHaveCount(0);
});

test('hashed assets are cached for good, the entry points never; assets are sent gzipped as built', async ({ page, request }) => {
  const assets: Record<string, string> = {};
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/tools/chat-history/')) assets[path] = r.headers()['cache-control'] ?? '';
  });
  await page.goto('./');
  // The app has loaded.
  await expect(firstScreen(page)).toHaveCount(0);
  const hashed = Object.entries(assets).filter(([path]) => /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(path));
  expect(hashed.filter(([path]) => path.endsWith('_bg.wasm'))).toHaveLength(1);
  expect(hashed.length).toBeGreaterThanOrEqual(4);
  for (const [path, policy] of hashed) expect(policy, path).toBe('public, max-age=31536000, immutable');
  expect(assets['/tools/chat-history/embed.js']).toBe('no-cache');
  expect((await request.get('./')).headers()['cache-control']).toBe('no-cache');
  // The build's own .gz files, sent with their length: gzipped at each request, nginx would send
  // them in chunks, of no length known beforehand.
  for (const [path] of hashed) {
    const reply = await request.get(path, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(reply.headers()['content-encoding'], path).toBe('gzip');
    expect(Number(reply.headers()['content-length']), path).toBeGreaterThan(0);
  }
});

test.describe('the API behind nginx', () => {
  const hostileForm = { sso_id: HOSTILE.id, hash: HOSTILE.hash, page: '1' };
  const appHeader = { 'X-Vchat-History': '1' };

  test('refuses another site\'s form, links and requests without the app\'s header', async ({ page, baseURL, request }) => {
    const api = new URL('/hischat.php', baseURL).href;
    // A page elsewhere auto-submits a form to the portal's proxy, with an account of its own.
    await page.setContent(`<form method="post" action="${api}">
      <input name="sso_id" value="${HOSTILE.id}"><input name="hash" value="${HOSTILE.hash}">
      <input name="page" value="1"></form>`);
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate(() => document.forms[0].submit()),
    ]);
    expect(response?.status()).toBe(403);
    expect(await page.content()).not.toContain('uss_sso_id');
    expect((await request.get(api, { headers: appHeader })).status()).toBe(403);
    expect((await request.post(api, { form: hostileForm })).status()).toBe(403);
    expect((await request.post(api, { form: hostileForm, headers: appHeader })).status()).toBe(200);
  });

  test('a reply cannot render as a page of the portal, nor be cached, nor set cookies', async ({ baseURL, request }) => {
    for (const path of ['/hischat.php', '/chistory.php']) {
      const reply = await request.post(new URL(path, baseURL).href, { form: hostileForm, headers: appHeader });
      const headers = reply.headers();
      expect(headers['content-security-policy'], path).toBe("default-src 'none'; sandbox");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['cache-control']).toBe('no-store');
      expect(headers['set-cookie']).toBeUndefined();
    }
    // The demo answers with a session cookie, as PHP does: it is nginx that keeps it back.
    const direct = await request.post(`${process.env.DEMO_API_URL}/hischat.php`, { form: hostileForm });
    expect(direct.headers()['set-cookie']).toContain('PHPSESSID');
  });

  test('the portal\'s cookies and credentials do not reach vChat', async ({ baseURL, request }) => {
    const reply = await request.post(new URL('/hischat.php', baseURL).href, {
      form: hostileForm,
      headers: { ...appHeader, Cookie: 'portal_session=secret', Authorization: 'Bearer portal-token' },
    });
    expect(reply.status()).toBe(200);
    const seen = await (await request.get(`${process.env.DEMO_API_URL}/__demo/last-request`)).json();
    expect(seen['x-vchat-history']).toBe('1');
    expect(seen['cookie'] ?? '').toBe('');
    expect(seen['authorization'] ?? '').toBe('');
  });

  test('guessing hashes through it is rate-limited to 5 a second after a burst of 20, and bodies are small', async ({ baseURL, request }) => {
    const api = new URL('/hischat.php', baseURL).href;
    const guess = () => request.post(api, { form: { sso_id: '1', hash: 'guess', page: '1' }, headers: appHeader }).then((r) => r.status());
    // The allowance is shared with the tests before this one: at 5 a second, 4 s refill all 20.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    // A burst: 20 beyond the first pass at once, the rest are refused.
    const statuses = await Promise.all(Array.from({ length: 40 }, guess));
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const burst = statuses.filter((s) => s === 200).length;
    expect(burst).toBeGreaterThanOrEqual(21);
    expect(burst).toBeLessThanOrEqual(23);
    // Then, asking without pause for 2 s, about 5 a second pass: one each 200 ms.
    const started = Date.now();
    let passed = 0;
    while (Date.now() - started < 2000) if ((await guess()) === 200) passed++;
    const seconds = (Date.now() - started) / 1000;
    expect(passed).toBeGreaterThanOrEqual(Math.floor(5 * seconds) - 2);
    expect(passed).toBeLessThanOrEqual(Math.ceil(5 * seconds) + 2);
    // The allowance refills at 5 a second: after 4 s the next tests have their burst again.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const big = await request.post(api, { data: 'x'.repeat(8192), headers: { ...appHeader, 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(big.status()).toBe(413);
  });
});

test.describe('TLS, as shipped', () => {
  const hsts = 'max-age=31536000; includeSubDomains';

  test('every reply carries HSTS, whatever its path or status', async ({ baseURL, page, request }) => {
    const assets: string[] = [];
    page.on('response', (r) => assets.push(r.url()));
    await page.goto('./');
    // The app has loaded.
    await expect(firstScreen(page)).toHaveCount(0);
    const hashed = assets.filter((url) => /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(url));
    expect(hashed.length).toBeGreaterThanOrEqual(4);
    const api = new URL('/hischat.php', baseURL).href;
    const form = { sso_id: HOSTILE.id, hash: HOSTILE.hash, page: '1' };
    const replies = [
      ['the app', await request.get('./')],
      ['embed.js', await request.get('./embed.js')],
      ...(await Promise.all(hashed.map(async (url) => [url, await request.get(url)] as const))),
      ['a missing file of the app', await request.get('./missing.html')],
      ['elsewhere on the portal', await request.get(new URL('/elsewhere', baseURL).href)],
      ['the API', await request.post(api, { form, headers: { 'X-Vchat-History': '1' } })],
      ['the API without the header', await request.post(api, { form })],
      ['the API by GET', await request.get(api, { headers: { 'X-Vchat-History': '1' } })],
    ] as const;
    const statuses = new Set<number>();
    for (const [what, reply] of replies) {
      statuses.add(reply.status());
      expect(reply.headers()['strict-transport-security'], what).toBe(hsts);
    }
    expect([...statuses].sort()).toEqual([200, 403, 404]);
  });

  test('plain HTTP only redirects to HTTPS, and passes nothing on', async ({ request }) => {
    const plain = `http://127.0.0.1:${process.env.NGINX_HTTP_PORT}`;
    const before = await (await request.get(`${process.env.DEMO_API_URL}/__demo/last-request`)).text();
    for (const [method, path] of [['GET', '/tools/chat-history/?page=2'], ['POST', '/hischat.php'], ['GET', '/elsewhere']]) {
      const reply = await request.fetch(`${plain}${path}`, {
        method,
        maxRedirects: 0,
        headers: { 'X-Vchat-History': '1' },
        form: method === 'POST' ? { sso_id: HOSTILE.id, hash: HOSTILE.hash, page: '1' } : undefined,
      });
      expect(reply.status(), path).toBe(301);
      expect(reply.headers()['location'], path).toBe(`https://127.0.0.1${path}`);
      expect(await reply.text()).not.toContain('uss_sso_id');
    }
    expect(await (await request.get(`${process.env.DEMO_API_URL}/__demo/last-request`)).text()).toBe(before);
  });

  test('an upstream whose certificate the trusted file does not hold gets nothing: 502', async ({ request }) => {
    const dir = await mkdtemp(join(tmpdir(), 'impostor-'));
    // Names itself vchat.vn, but no authority nginx trusts signed it.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=vchat.vn', '-addext', 'subjectAltName=DNS:vchat.vn', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const received: string[] = [];
    const impostor = createHttpsServer({ key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) }, (req, res) => {
      received.push(`${req.method} ${req.url}`);
      req.resume();
      res.end('{"status":1,"error":"","history":[]}');
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const [https, http] = await freePorts(2);
    const output: string[] = [];
    const nginx = spawn(resolve(__dirname, '../nginx.sh'), [
      resolve(__dirname, '../../target/dist-subpath'), String(https), String(http),
      '--upstream', `127.0.0.1:${(impostor.address() as AddressInfo).port}`,
    ], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    nginx.stdout!.on('data', (d) => output.push(String(d)));
    nginx.stderr!.on('data', (d) => output.push(String(d)));
    try {
      const api = `https://127.0.0.1:${https}/hischat.php`;
      await expect
        .poll(async () => (await request.get(`https://127.0.0.1:${https}/tools/chat-history/`).catch(() => null))?.status(), { message: output.join('') })
        .toBe(200);
      const reply = await request.post(api, { form: { sso_id: HOSTILE.id, hash: HOSTILE.hash, page: '1' }, headers: { 'X-Vchat-History': '1' } });
      expect(reply.status()).toBe(502);
      expect(await reply.text()).not.toContain(HOSTILE.hash);
      expect(received).toEqual([]);
      expect(output.join('')).toMatch(/upstream SSL certificate verify error/);
    } finally {
      process.kill(-nginx.pid!);
      impostor.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** `n` ports the system has free. */
async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createNetServer());
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
