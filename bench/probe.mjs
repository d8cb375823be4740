// What the search and store benchmarks share: their headless Chromium (with precise memory figures
// and `gc()`), and the script each page runs first.
import { chromium } from '@playwright/test';

/** Keeps the app's wasm memory reachable (`window.__wasmMemory`); `__until(pattern)`: the
 * page's time once the page's text matches the regular expression `pattern`; `__counted()`: the
 * page's time once the statistics are counted (no longer `aria-busy`) and the frame showing them
 * has been painted; `__longestTask(work)`: the longest task of the page while `work` went on. */
export const probe = () => {
  const keep = (exports) => {
    window.__wasmMemory = Object.values(exports).find((e) => e instanceof WebAssembly.Memory);
  };
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async (...args) => {
    const result = await instantiate(...args);
    keep((result.instance ?? result).exports);
    return result;
  };
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (...args) => {
    const result = await streaming(...args);
    keep(result.instance.exports);
    return result;
  };
  window.__until = (pattern) =>
    new Promise((resolve) => {
      const done = () => new RegExp(pattern).test(document.body.innerText);
      if (done()) return resolve(performance.now());
      const observer = new MutationObserver(() => {
        if (done()) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      // Attributes too: a screen built out of sight shows by losing its `hidden`.
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  // The longest the page's main thread was held while `work` (a promise) went on: the gap
  // between two tasks that follow each other at once (what a keystroke would have waited).
  window.__longestTask = (work) =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      let last = performance.now();
      let longest = 0;
      let done = false;
      work.then(() => (done = true));
      channel.port1.onmessage = () => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        if (done) resolve(longest);
        else channel.port2.postMessage(0);
      };
      channel.port2.postMessage(0);
    });
  window.__painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()))));
  window.__counted = () =>
    new Promise((resolve) => {
      const check = () => {
        if (document.querySelector('.vch-stats')?.getAttribute('aria-busy') === 'false') window.__painted().then(resolve);
        else requestAnimationFrame(check);
      };
      check();
    });
};

export const launch = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });

/** A new page of `context`, probed, whose app page carries `settings` (its `vchat-history:` meta
 * tags rewritten as the page is served). */
export async function probedPage(context, settings = {}) {
  const page = await context.newPage();
  await page.addInitScript(probe);
  await page.route(
    (url) => url.pathname === '/',
    async (route) => {
      const response = await route.fetch();
      let html = await response.text();
      for (const [key, value] of Object.entries(settings)) {
        html = html.replace(new RegExp(`(name="vchat-history:${key}" content=")[^"]*`), `$1${value}`);
      }
      await route.fulfill({ response, body: html });
    },
  );
  return page;
}

/** Types each of `texts` into the search field, timing each from its input event until the frame
 * showing its results is painted (the app's work runs in microtasks before that frame, and a timer
 * set from the frame's animation callback runs once it is painted), and, with the statistics
 * shown, until they are counted and painted (`counted`), with the longest task meanwhile after
 * the keystroke's frame (`longest`). Returns those times and the app's own measures of the
 * searches for the results drawn (`vchat-history:search`) and of the counts of everything found,
 * after the paint (`vchat-history:found`); the field is left empty. */
export const timeKeystrokes = (page, texts) =>
  page.evaluate(async (texts) => {
    const field = document.querySelector('#vch-search');
    const stats = Boolean(document.querySelector('.vch-stats'));
    const times = [];
    const counted = [];
    const longest = [];
    for (const text of texts) {
      const start = performance.now();
      const painted = window.__painted();
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      times.push((await painted) - start);
      if (stats) {
        const done = window.__counted();
        const held = window.__longestTask(done);
        counted.push((await done) - start);
        longest.push(await held);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const searches = performance.getEntriesByName('vchat-history:search').slice(-(texts.length - 1)).map((e) => e.duration);
    const counts = performance.getEntriesByName('vchat-history:found').slice(-(texts.length - 1)).map((e) => e.duration);
    if (field.value !== '') {
      field.value = '';
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return { times, counted, longest, searches, counts };
  }, texts);

/** Opens "Thống kê" from the list five times, each from the click until the frame after it is
 * painted (`times`) and until the statistics are counted and painted (`counted`), with the
 * longest task meanwhile after the click's frame (`longest`). Returns those times and the app's
 * last five measures of the count (`vchat-history:statistics`, from its first slice to its last);
 * the list is shown again after each, and the statistics after the last if `stay`. */
export const timeStatistics = (page, stay = false) =>
  page.evaluate(
    async (stay) => {
      const buttons = [...document.querySelectorAll('button')];
      const list = buttons.find((b) => b.textContent.trim() === 'Cuộc trò chuyện');
      const stats = buttons.find((b) => b.textContent.trim() === 'Thống kê');
      const times = [];
      const counted = [];
      const longest = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        const painted = window.__painted();
        stats.click();
        times.push((await painted) - start);
        if (!document.querySelector('.vch-stats')) throw new Error('no statistics');
        const done = window.__counted();
        const held = window.__longestTask(done);
        counted.push((await done) - start);
        longest.push(await held);
        list.click();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const computed = performance.getEntriesByName('vchat-history:statistics').slice(-5).map((e) => e.duration);
      if (stay) stats.click();
      return { times, counted, longest, computed };
    },
    stay,
  );
