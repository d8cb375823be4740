import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO, clearFaults, download, isWaiting, leadNumber, list, signIn, signInLarge, useSettings, wholeHistory, type FullRow } from './demo';

// Days are the admin's: the browser runs in Vietnam's time zone, as the test computes them.
test.use({ timezoneId: 'Asia/Ho_Chi_Minh' });

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
});

const TOTAL = 2987;
/** The local (UTC+7) day of a row's last message, as `YYYY-MM-DD`. */
const dayOf = (row: FullRow) => new Date((Number(row.last_msg[0].cha_time) + 7 * 3600) * 1000).toISOString().slice(0, 10);
const isLead = (row: FullRow) => row.phone.trim() !== '' || leadNumber(row.last_msg[0].cha_message) !== null;
/** Vietnamese thousands: 2.987. */
const vi = (n: number) => n.toLocaleString('de-DE');

async function openFilters(page: Page) {
  await page.getByText('Bộ lọc', { exact: true }).click();
}

const total = (page: Page, n: number) => page.getByText(`${vi(n)} kết quả trong ${vi(TOTAL)} cuộc trò chuyện`, { exact: true });

test('each filter alone and together narrows the list to the expected total, in the URL, and drives the export', async ({ page, request }) => {
  const history = await wholeHistory(request);
  // The browser's clock stands still: "today" is the day computed here, even across midnight.
  const now = Date.now();
  await page.clock.setFixedTime(now);
  await signInLarge(page);
  await openFilters(page);
  const agent = page.getByLabel('Hỗ trợ viên');

  const checks: [string, () => Promise<void>, (r: FullRow) => boolean][] = [
    ['agent #630394', () => agent.selectOption({ label: '#630394' }).then(() => {}), (r) => r.support_id === 630394],
    ['no agent', () => agent.selectOption({ label: 'Không có' }).then(() => {}), (r) => r.support_id === 0],
    ['online', () => page.getByLabel('Đang trực tuyến').check(), (r) => r.online === 1],
    ['member', () => page.getByLabel('Thành viên Vatgia').check(), (r) => r.is_uservg === 1],
    ['product', () => page.getByLabel('Trang sản phẩm').fill('MEIJI'), (r) => isWaiting(r) && r.last_msg[0].cha_link.includes('meiji')],
    [
      'date range',
      async () => {
        await page.getByLabel('Từ ngày').fill(dayOf(history[400]));
        await page.getByLabel('Đến ngày').fill(dayOf(history[100]));
      },
      (r) => dayOf(r) >= dayOf(history[400]) && dayOf(r) <= dayOf(history[100]),
    ],
  ];
  for (const [name, apply, expected] of checks) {
    await apply();
    const n = history.filter(expected).length;
    expect(n, name).toBeGreaterThan(0);
    expect(n, name).toBeLessThan(TOTAL);
    await expect(total(page, n), name).toBeVisible();
    await page.getByRole('button', { name: 'Xoá bộ lọc' }).click();
    await expect(list(page).getByRole('heading', { level: 3 })).toHaveCount(30);
  }

  // The quick choices, today included, in days the browser's standing clock fixes.
  const day = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
  const today = day(now);
  const quick: [string, string][] = [
    ['Hôm nay', today],
    ['7 ngày', day(now - 6 * 86_400_000)],
    ['30 ngày', day(now - 29 * 86_400_000)],
    ['Tháng này', `${today.slice(0, 8)}01`],
  ];
  for (const [name, from] of quick) {
    await page.getByRole('button', { name, exact: true }).click();
    await expect(page.getByLabel('Từ ngày'), name).toHaveValue(from);
    await expect(page.getByLabel('Đến ngày'), name).toHaveValue(today);
    const n = history.filter((r) => dayOf(r) >= from && dayOf(r) <= today).length;
    await expect(total(page, n), name).toBeVisible();
    await page.getByRole('button', { name: 'Xoá bộ lọc' }).click();
  }

  // Keys pressed in a list box are the list box's, not shortcuts.
  await expect(page).not.toHaveURL(/[?&](from|to)=/);
  await agent.focus();
  const url = page.url();
  for (const key of ['n', 'j', 'p', '/']) await agent.press(key);
  await expect(agent).toBeFocused();
  expect(page.url()).toBe(url);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Together, with the leads filter and words: every one must hold.
  await agent.selectOption({ label: '#630394' });
  await page.getByLabel('Thành viên Vatgia').check();
  await page.getByLabel('Chỉ khách để lại SĐT').check();
  await page.getByRole('searchbox', { name: 'Tìm khách' }).fill('nguyen');
  const combined = history.filter((r) => r.support_id === 630394 && r.is_uservg === 1 && isLead(r) && /nguy[eễ]n/i.test(r.use_name + r.address + r.email));
  await expect(total(page, combined.length)).toBeVisible();
  await expect(list(page).getByRole('heading', { level: 3 })).toHaveCount(Math.min(30, combined.length));
  await expect.poll(() => Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({ agent: '630394', member: '1', leads: '1', q: 'nguyen' });

  // The export is what the filters show.
  const file = await download(page, () => page.getByRole('button', { name: 'Xuất CSV' }).click());
  expect(file.rows.slice(1).map((r) => r[0]).sort()).toEqual(combined.map((r) => String(r.uss_sso_id)).sort());

  // Reload and back/forward keep them.
  await page.reload();
  await expect(total(page, combined.length)).toBeVisible();
  await expect(page.getByLabel('Thành viên Vatgia')).toBeChecked();
  await expect(page.getByLabel('Hỗ trợ viên')).toHaveValue('630394');
  await page.goBack();
  await expect(list(page).getByRole('heading', { level: 3 })).toHaveCount(30);
  await expect(page.getByText(/kết quả trong/)).toHaveCount(0);
  await page.goForward();
  await expect(total(page, combined.length)).toBeVisible();
});

test('the statistics of a known range: totals, charts with their tables, in the URL', async ({ page, request }) => {
  const history = await wholeHistory(request);
  const [from, to] = [dayOf(history[600]), dayOf(history[200])];
  const inRange = history.filter((r) => dayOf(r) >= from && dayOf(r) <= to);
  await signInLarge(page);
  await page.getByRole('button', { name: 'Thống kê' }).click();
  await expect(page.getByText(`Từ ${vi(TOTAL)} cuộc trò chuyện của toàn bộ lịch sử`)).toBeVisible();
  await openFilters(page);
  await page.getByLabel('Từ ngày').fill(from);
  await page.getByLabel('Đến ngày').fill(to);

  const figure = (label: string) => page.locator('.vch-figure').filter({ has: page.getByText(label, { exact: true }) }).locator('dd');
  const share = (n: number) => `${vi(n)} (${((n * 100) / inRange.length).toFixed(1).replace('.', ',')} %)`;
  await expect(figure('Cuộc trò chuyện')).toHaveText(vi(inRange.length));
  await expect(figure('Khách để lại SĐT')).toHaveText(share(inRange.filter(isLead).length));
  await expect(figure('Khách vãng lai')).toHaveText(share(inRange.filter((r) => r.use_name.startsWith('Khách - ')).length));
  await expect(figure('Thành viên Vatgia')).toHaveText(share(inRange.filter((r) => r.is_uservg === 1).length));
  await expect(figure('Đang trực tuyến')).toHaveText(share(inRange.filter((r) => r.online === 1).length));

  // Each day of the range is a bar, and a row of the chart's table, summing to the total.
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  const chart = page.getByRole('figure').filter({ has: page.getByRole('img', { name: 'Cuộc trò chuyện theo ngày' }) });
  await expect(chart.getByRole('img', { name: 'Cuộc trò chuyện theo ngày' })).toBeVisible();
  await chart.getByText('Bảng số liệu').click();
  const rows = chart.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(days + 1);
  await expect(rows.nth(1).getByRole('rowheader')).toHaveText(from);
  await expect(rows.last().getByRole('rowheader')).toHaveText(to);
  const perDay = await chart.getByRole('table').getByRole('cell').allTextContents();
  expect(perDay.reduce((sum, n) => sum + Number(n.replace(/\./g, '')), 0)).toBe(inRange.length);
  const byDay = new Map<string, number>();
  for (const r of inRange) byDay.set(dayOf(r), (byDay.get(dayOf(r)) ?? 0) + 1);
  await expect(rows.nth(1).getByRole('cell')).toHaveText(vi(byDay.get(from) ?? 0));

  // The chart names each bar's figure: to the keyboard (arrows, Home, End) and the pointer.
  const svg = chart.getByRole('img', { name: /^Cuộc trò chuyện theo ngày/ });
  await expect(chart.getByText(/^Cuộc trò chuyện theo ngày \(thang 0–\d+\)$/)).toBeVisible();
  await svg.focus();
  await svg.press('End');
  const readout = chart.locator('.vch-readout');
  await expect(readout).toHaveText(`${to}: ${vi(byDay.get(to) ?? 0)}`);
  await svg.press('Home');
  await expect(readout).toHaveText(`${from}: ${vi(byDay.get(from) ?? 0)}`);
  await svg.press('ArrowRight');
  const second = new Date(Date.parse(from) + 86_400_000).toISOString().slice(0, 10);
  await expect(readout).toHaveText(`${second}: ${vi(byDay.get(second) ?? 0)}`);
  await expect(svg).toHaveAttribute('aria-describedby', await readout.getAttribute('id') ?? '');
  const box = (await svg.boundingBox())!;
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
  await expect(readout).toHaveText(`${to}: ${vi(byDay.get(to) ?? 0)}`);

  // Agents: each with its bar and its number beside it, no table to open; the scale said.
  const agents = page.getByRole('table', { name: 'Cuộc trò chuyện theo hỗ trợ viên' });
  const agentCounts = new Map<number, number>();
  for (const r of inRange) agentCounts.set(r.support_id, (agentCounts.get(r.support_id) ?? 0) + 1);
  await expect(agents.getByRole('row', { name: /#630394/ }).getByRole('cell')).toHaveText(vi(agentCounts.get(630394)!));
  await expect(agents.getByRole('row', { name: /#630394/ }).getByRole('cell')).toBeVisible();
  await expect(agents.getByRole('row', { name: /Không có/ }).getByRole('cell')).toHaveText(vi(agentCounts.get(0)!));
  await expect(agents.getByRole('columnheader', { name: `Cuộc trò chuyện (thang 0–${vi(Math.max(...agentCounts.values()))})` })).toBeVisible();

  // By week (from Monday) and by month: a row each, with its conversations and leads.
  const weekOf = (d: string) => {
    const date = new Date(`${d}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
    return date.toISOString().slice(0, 10);
  };
  const periods = (key: (d: string) => string) => {
    const counts = new Map<string, [number, number]>();
    for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) {
      const k = key(new Date(t).toISOString().slice(0, 10));
      if (!counts.has(k)) counts.set(k, [0, 0]);
    }
    for (const r of inRange) counts.get(key(dayOf(r)))![0]++;
    for (const r of inRange.filter(isLead)) counts.get(key(dayOf(r)))![1]++;
    return [...counts.entries()];
  };
  const asTable = async (name: string) =>
    page.getByRole('table', { name }).getByRole('row').evaluateAll((rows) => rows.slice(1).map((row) => [...row.children].map((c) => c.textContent)));
  const weeks = periods(weekOf);
  expect(weeks.length).toBeGreaterThanOrEqual(3);
  expect(await asTable('Theo tuần')).toEqual(weeks.map(([w, [n, leads]]) => [`Tuần từ ${w}`, vi(n), vi(leads)]));
  const months = periods((d) => d.slice(0, 7));
  expect(await asTable('Theo tháng')).toEqual(months.map(([m, [n, leads]]) => [`Tháng ${Number(m.slice(5))}/${m.slice(0, 4)}`, vi(n), vi(leads)]));

  await expect.poll(() => Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({ view: 'stats', from, to });
  await page.reload();
  await expect(figure('Cuộc trò chuyện')).toHaveText(vi(inRange.length));

  // Top product pages, as links (the large account's guests come from ten of them).
  const products = page.getByRole('table', { name: 'Trang sản phẩm mang lại nhiều cuộc trò chuyện nhất' });
  const top = new Map<string, number>();
  // The page a customer wrote from: the shop's own messages come from vChat's pages.
  for (const r of inRange.filter(isWaiting)) top.set(r.last_msg[0].cha_link, (top.get(r.last_msg[0].cha_link) ?? 0) + 1);
  const best = [...top.entries()].sort((a, b) => b[1] - a[1])[0];
  await expect(products.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(vi(best[1]));
  await expect(products.getByRole('link').first()).toHaveAttribute('href', best[0]);
});

test('the product pages table lists the ten that brought the most, of many', async ({ page, request }) => {
  // The small account's customers come from a page each, nearly.
  const history = await wholeHistory(request, DEMO);
  const top = new Map<string, number>();
  for (const r of history.filter((r) => isWaiting(r) && /^https?:\/\//.test(r.last_msg[0].cha_link))) top.set(r.last_msg[0].cha_link, (top.get(r.last_msg[0].cha_link) ?? 0) + 1);
  expect(top.size).toBeGreaterThan(10);
  const ranked = [...top.values()].sort((a, b) => b - a);
  await useSettings(page, { 'load-interval-ms': '0' });
  await page.goto('/?view=stats');
  await signIn(page);
  await expect(page.getByText(`Từ ${history.length} cuộc trò chuyện của toàn bộ lịch sử`)).toBeVisible();
  const products = page.getByRole('table', { name: 'Trang sản phẩm mang lại nhiều cuộc trò chuyện nhất' });
  await expect(products.getByRole('row')).toHaveCount(11);
  const shown = await products.getByRole('row').evaluateAll((rows) => rows.slice(1).map((row) => [row.querySelector('a')!.getAttribute('href'), row.children[1].textContent]));
  expect(shown.map(([, n]) => n)).toEqual(ranked.slice(0, 10).map(vi));
  for (const [href, n] of shown) expect(vi(top.get(href!)!)).toBe(n);
});

for (const width of [1280, 390]) {
  test(`the statistics and the filters pass axe at ${width} px and fit the screen`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInLarge(page);
    await page.getByRole('button', { name: 'Thống kê' }).click();
    await expect(page.getByText(/^Đã tải toàn bộ lịch sử/)).toBeVisible();
    await openFilters(page);
    await page.getByRole('button', { name: '30 ngày' }).click();
    await expect(page.getByRole('img', { name: 'Cuộc trò chuyện theo ngày' })).toBeVisible();
    for (const summary of await page.getByText('Bảng số liệu').all()) await summary.click();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  });
}
