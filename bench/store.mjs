// The history kept between visits: on the large demo account (2,987 conversations), the first
// full load and a revisit with nothing new; on the huge one (30,000 conversations, 1,000 pages),
// the same, the store's size on disk, a revisit after 40 new conversations (time until the whole
// history is searchable, requests), then a keystroke's search, the statistics and the memory held
// over the 30,040. Times by the page's own clock. Usage: node bench/store.mjs <demo origin>
import { median } from './median.mjs';
import { launch, probedPage, timeKeystrokes, timeStatistics } from './probe.mjs';

const origin = process.argv[2];
const large = { id: '2026', hash: '7d41c9e0a3b85f26e1c4d9a07b3f5e82', total: '2.987', pages: '100' };
const huge = { id: '30000', hash: 'c0ffee30000a11c0ffee30000a11beef', total: '30.000', pages: '1,000' };

const browser = await launch();
await fetch(`${origin}/__demo/faults`, { method: 'DELETE' });
await fetch(`${origin}/__demo/history`, { method: 'DELETE' });

/** A remembered admin's first full load (the search asks for it), then revisits until the whole
 * history is searchable; the page stays signed in for what follows. */
async function keepAndRevisit(account) {
  const context = await browser.newContext();
  const page = await probedPage(context, { 'load-interval-ms': '0' });
  const requests = { count: 0 };
  page.on('request', (r) => r.url().endsWith('/hischat.php') && requests.count++);
  const kept = new RegExp(`Cập nhật lúc \\d{1,2}:\\d{2} · ${account.total.replace('.', '\\.')} cuộc trò chuyện`).source;
  await page.goto(`${origin}/`);
  await page.fill('#vch-admin-id', account.id);
  await page.fill('#vch-hash', account.hash);
  await page.check('#vch-remember');
  await page.click('button[type=submit]');
  await page.locator(':not([hidden]) > .vch-list > li').nth(29).waitFor();
  const firstLoad = await page.evaluate(async (kept) => {
    const field = document.querySelector('#vch-search');
    const start = performance.now();
    field.value = 'zzzz';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    const end = await window.__until(kept);
    field.value = '';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    return (end - start) / 1000;
  }, kept);
  const disk = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
  console.log(`${account.total} conversations: first load of ${account.pages} pages into the store, no pause between requests: ${firstLoad.toFixed(1)} s, ${requests.count} requests`);
  console.log(`${account.total} conversations: the store on disk (navigator.storage.estimate): ${(disk / 1024 / 1024).toFixed(1)} MB`);
  const times = [];
  for (let i = 0; i < 3; i++) {
    requests.count = 0;
    await page.goto(`${origin}/`);
    times.push(await page.evaluate((kept) => window.__until(kept), kept));
    await page.waitForTimeout(500); // a page fetched ahead would show up here
  }
  console.log(`${account.total} conversations, revisit with nothing new (3 times): the whole history searchable median ${(median(times) / 1000).toFixed(2)} s after navigation, ${requests.count} requests`);
  return { context, page, requests };
}

await keepAndRevisit(large).then(({ context }) => context.close());
const { page, requests } = await keepAndRevisit(huge);
await fetch(`${origin}/__demo/history`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ admin: Number(huge.id), add: 40, wrote_again: [] }),
});
const after = new RegExp(`Cập nhật lúc \\d{1,2}:\\d{2} · 30\\.040 cuộc trò chuyện`).source;
requests.count = 0;
await page.goto(`${origin}/`);
const ready = await page.evaluate((kept) => window.__until(kept), after);
const found = await page.evaluate(async () => {
  const field = document.querySelector('#vch-search');
  // The new customers are "Khách mới N", ids 900000001 to 900000040; "mới" alone folds into other words.
  field.value = 'Khách mới 9000000';
  field.dispatchEvent(new Event('input', { bubbles: true }));
  return window.__until('40 kết quả trong');
});
console.log(`revisit after 40 new conversations: the whole history searchable ${(ready / 1000).toFixed(2)} s after navigation, ${requests.count} requests, all 40 found (${found > 0})`);

// 3. Keystrokes over the 30,040, each from its input event until the frame showing its results
// is painted.
const keystrokes = await timeKeystrokes(page, ['n', 'ng', 'ngu', 'nguy', 'nguye', 'nguyen', 'nguyen ', 'nguyen v', 'nguyen va', 'nguyen van', 'nguyen va', 'a', '0', '09', '091', '0913', '', 'h', 'ha', 'ha v']);
const slowest = (values) => Math.max(...values);
console.log(
  `a keystroke over 30,040 conversations, input to painted results: median ${median(keystrokes.times).toFixed(1)} ms, slowest ${slowest(keystrokes.times).toFixed(1)} ms; ` +
    `the search itself: median ${median(keystrokes.searches).toFixed(1)} ms; counting all found, after the paint: median ${median(keystrokes.counts).toFixed(1)} ms`,
);

// 4. The statistics of the 30,040, click to painted view, five times; then keystrokes in the
// search while they show, each counting them again.
const statistics = await timeStatistics(page, true);
console.log(
  `statistics of 30,040 conversations: counting them median ${median(statistics.computed).toFixed(1)} ms; click to painted view median ${median(statistics.counted).toFixed(1)} ms ` +
    `(the frame after the click: median ${median(statistics.times).toFixed(1)} ms; the longest task meanwhile: median ${median(statistics.longest).toFixed(1)} ms, at most ${slowest(statistics.longest).toFixed(1)} ms)`,
);
const counting = await timeKeystrokes(page, ['n', 'ng', 'ngu', 'nguy', 'nguye', 'nguyen', '']);
console.log(
  `a keystroke over 30,040 conversations with the statistics shown: input to painted median ${median(counting.times).toFixed(1)} ms, slowest ${slowest(counting.times).toFixed(1)} ms; ` +
    `until the statistics are counted and painted: median ${median(counting.counted).toFixed(1)} ms, slowest ${slowest(counting.counted).toFixed(1)} ms; ` +
    `the longest task meanwhile: median ${median(counting.longest).toFixed(1)} ms, at most ${slowest(counting.longest).toFixed(1)} ms`,
);
await page.getByRole('button', { name: 'Cuộc trò chuyện', exact: true }).click();

// 5. Memory held by the page with the 30,040 in it.
const memory = await page.evaluate(() => {
  window.gc();
  return { wasm: window.__wasmMemory.buffer.byteLength, heap: performance.memory.usedJSHeapSize };
});
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
console.log(`memory with 30,040 conversations: wasm memory ${mb(memory.wasm)} MB, JS heap ${mb(memory.heap)} MB, in all ${mb(memory.wasm + memory.heap)} MB`);

await fetch(`${origin}/__demo/history`, { method: 'DELETE' });
await browser.close();
