// Response times on the large demo account (2,987 conversations) and the huge one (30,000): a
// remembered admin loads the whole history, then reads every conversation's messages with no pause
// between requests (from the list, so that the figures are not drawn meanwhile); then the time to
// compute the figures and to draw the statistics with them, a keystroke in the search while they
// show, what is kept per conversation and the store's growth on disk. Times by the page's own
// clock. Usage: node bench/responses.mjs <demo origin>
import { median } from './median.mjs';
import { launch, probedPage, timeKeystrokes, timeStatistics } from './probe.mjs';

const origin = process.argv[2];
const accounts = [
  { id: '2026', hash: '7d41c9e0a3b85f26e1c4d9a07b3f5e82', total: '2.987' },
  { id: '30000', hash: 'c0ffee30000a11c0ffee30000a11beef', total: '30.000' },
];

const browser = await launch();
await fetch(`${origin}/__demo/faults`, { method: 'DELETE' });
await fetch(`${origin}/__demo/history`, { method: 'DELETE' });

const click = (page, name) => page.getByRole('button', { name, exact: true }).click();

for (const account of accounts) {
  const context = await browser.newContext({ timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await probedPage(context, { 'load-interval-ms': '0' });
  const asked = { count: 0 };
  page.on('request', (r) => r.url().endsWith('/chistory.php') && asked.count++);
  await page.goto(`${origin}/?view=stats`);
  await page.fill('#vch-admin-id', account.id);
  await page.fill('#vch-hash', account.hash);
  await page.check('#vch-remember');
  await page.click('button[type=submit]');
  const kept = `Cập nhật lúc \\d{1,2}:\\d{2} · ${account.total.replace('.', '\\.')} cuộc trò chuyện`;
  await page.evaluate((kept) => window.__until(kept), kept);
  const before = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
  await click(page, 'Phân tích thời gian phản hồi');
  await click(page, 'Cuộc trò chuyện');
  const started = Date.now();
  // The note saying it is done is in the statistics, not shown: wait for the requests to end.
  let last = -1;
  for (;;) {
    const count = asked.count;
    if (count === last && count > 0) break;
    last = count;
    await page.waitForTimeout(2000);
  }
  const reading = (Date.now() - started) / 1000 - 2;
  const after = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
  const timelines = await page.evaluate(
    (admin) =>
      new Promise((resolve) => {
        const open = indexedDB.open(`vchat-history.${admin}`);
        open.onsuccess = () => {
          const all = open.result.transaction('timelines').objectStore('timelines').getAll();
          all.onsuccess = () => {
            const lengths = all.result.map((text) => new TextEncoder().encode(text).length);
            open.result.close();
            resolve({ count: lengths.length, mean: lengths.reduce((a, b) => a + b, 0) / lengths.length, max: Math.max(...lengths) });
          };
        };
      }),
    account.id,
  );
  console.log(
    `${account.total} conversations: every conversation's messages read in ${reading.toFixed(0)} s (${last} requests, no pause); ` +
      `kept ${timelines.count}, ${timelines.mean.toFixed(0)} bytes a conversation on average, ${timelines.max} at most; the store grew by ${((after - before) / 1024 / 1024).toFixed(1)} MB`,
  );

  // The statistics with the figures, five times: counting them, and click to painted.
  const shown = await timeStatistics(page, true);
  console.log(
    `${account.total} conversations: the statistics with the response figures counted in median ${median(shown.computed).toFixed(1)} ms; click to painted, median ${median(shown.counted).toFixed(1)} ms ` +
      `(the frame after the click: median ${median(shown.times).toFixed(1)} ms; the longest task meanwhile: median ${median(shown.longest).toFixed(1)} ms, at most ${Math.max(...shown.longest).toFixed(1)} ms)`,
  );

  // Keystrokes in the search while the statistics show: each counts them and the figures again.
  const keys = await timeKeystrokes(page, ['n', 'ng', 'ngu', 'nguy', 'nguye', 'nguyen', '']);
  console.log(
    `${account.total} conversations: a keystroke in the search with the statistics shown, input to painted: median ${median(keys.times).toFixed(1)} ms, slowest ${Math.max(...keys.times).toFixed(1)} ms; ` +
      `until counted and painted: median ${median(keys.counted).toFixed(1)} ms, slowest ${Math.max(...keys.counted).toFixed(1)} ms; ` +
      `the longest task meanwhile: median ${median(keys.longest).toFixed(1)} ms, at most ${Math.max(...keys.longest).toFixed(1)} ms`,
  );
  await context.close();
}

await browser.close();
