// What the search and store benchmarks share: their headless Chromium (with precise memory figures
// and `gc()`), and the script each page runs first.
import { chromium } from '@playwright/test';

/** Keeps the app's wasm memory reachable (`window.__wasmMemory`), and `__until(pattern)`: the
 * page's time once the page's text matches the regular expression `pattern`. */
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
      observer.observe(document, { subtree: true, childList: true, characterData: true });
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
