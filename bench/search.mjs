// The search benchmark: loading the large demo account's whole history (100 pages) at the app's
// default pace with every reply delayed 120 ms; a keystroke filtering its 2,987 conversations;
// the memory held for 10,000 conversations (the large account's pages served again under other
// customer ids, 334 pages), and their statistics. Times by the page's own clock. Usage:
// node bench/search.mjs <demo origin>
import { median } from './median.mjs';
import { launch, probedPage, timeKeystrokes, timeStatistics } from './probe.mjs';

const origin = process.argv[2];
const account = { id: '2026', hash: '7d41c9e0a3b85f26e1c4d9a07b3f5e82' };

async function fault(body) {
  await fetch(`${origin}/__demo/faults`, { method: 'DELETE' });
  if (body) {
    await fetch(`${origin}/__demo/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}

const browser = await launch();

async function signedIn(context, settings = {}) {
  const page = await probedPage(context, settings);
  await page.goto(`${origin}/`);
  await page.fill('#vch-admin-id', account.id);
  await page.fill('#vch-hash', account.hash);
  await page.click('button[type=submit]');
  await page.locator(':not([hidden]) > .vch-list > li').nth(29).waitFor();
  return page;
}

const loadAll = (page) =>
  page.evaluate(async () => {
    const field = document.querySelector('#vch-search');
    const start = performance.now();
    field.value = 'x';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    return ((await window.__until('Đã tải toàn bộ lịch sử')) - start) / 1000;
  });

// 1. The whole history at the default pace (400 ms between requests), replies delayed 120 ms.
await fault({ fault: 'delay', ms: 120 });
let context = await browser.newContext();
let page = await signedIn(context);
const seconds = await loadAll(page);
await fault(null);
console.log(`loading 100 pages (2,987 conversations) at the default pace, API delay 120 ms: ${seconds.toFixed(1)} s`);

// 2. Keystrokes over the loaded history, each from its input event until the frame showing its
// results is painted.
const keystrokes = await timeKeystrokes(page, ['n', 'ng', 'ngu', 'nguy', 'nguye', 'nguyen', 'nguyen ', 'nguyen v', 'nguyen va', 'nguyen van', 'nguyen va', 'a', '0', '09', '091', '0913', '', 'h', 'ha', 'ha v']);
await context.close();
const slowest = (values) => Math.max(...values);
console.log(
  `a keystroke filtering 2,987 conversations, input to painted results (${keystrokes.times.length} keystrokes, up to 30 rows drawn): ` +
    `median ${median(keystrokes.times).toFixed(1)} ms, slowest ${slowest(keystrokes.times).toFixed(1)} ms; ` +
    `the search itself (the app's measure): median ${median(keystrokes.searches).toFixed(1)} ms, slowest ${slowest(keystrokes.searches).toFixed(1)} ms; ` +
    `counting all found, after the paint: median ${median(keystrokes.counts).toFixed(1)} ms, slowest ${slowest(keystrokes.counts).toFixed(1)} ms`,
);

// 3. Memory for 10,000 conversations: the large account's rows again under other ids, served
// 30 a page (334 pages, the last one short).
const large = [];
for (let number = 1; ; number++) {
  const reply = await fetch(`${origin}/hischat.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ sso_id: account.id, hash: account.hash, page: String(number) }),
  });
  const rows = JSON.parse(await reply.text()).history;
  large.push(...rows);
  if (rows.length < 30) break;
}
const many = Array.from({ length: 10_000 }, (_, i) => {
  const row = large[i % large.length];
  return { ...row, uss_sso_id: row.uss_sso_id + Math.floor(i / large.length) * 1_000_000_000 };
});
context = await browser.newContext();
await context.route(`${origin}/hischat.php`, async (route) => {
  const number = Number(new URLSearchParams(route.request().postData() ?? '').get('page'));
  const history = many.slice((number - 1) * 30, number * 30);
  await route.fulfill({ contentType: 'text/html', body: JSON.stringify({ error: '', status: 1, history }) });
});
page = await signedIn(context, { 'load-interval-ms': '0' });
const before = await page.evaluate(() => {
  window.gc();
  return { wasm: window.__wasmMemory.buffer.byteLength, heap: performance.memory.usedJSHeapSize };
});
await loadAll(page);
const after = await page.evaluate(() => {
  window.gc();
  return {
    wasm: window.__wasmMemory.buffer.byteLength,
    heap: performance.memory.usedJSHeapSize,
    text: document.body.innerText.match(/Đã tải toàn bộ lịch sử: [^\n]*/)[0],
  };
});
// 4. The statistics of those 10,000: from the click on "Thống kê" to the painted view (computing
// them, and drawing charts and tables), five times.
const statistics = await timeStatistics(page);
await context.close();
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
console.log(
  `memory for 10,000 conversations (${after.text}): wasm memory ${mb(before.wasm)} → ${mb(after.wasm)} MB, JS heap ${mb(before.heap)} → ${mb(after.heap)} MB; held: ${mb(after.wasm - before.wasm + after.heap - before.heap)} MB`,
);
console.log(
  `statistics of 10,000 conversations (5 times): computing them (the app's measure) median ${median(statistics.computed).toFixed(1)} ms, ` +
    `slowest ${slowest(statistics.computed).toFixed(1)} ms; click to painted view median ${median(statistics.counted).toFixed(1)} ms, ` +
    `slowest ${slowest(statistics.counted).toFixed(1)} ms (the frame after the click: median ${median(statistics.times).toFixed(1)} ms)`,
);
await browser.close();
