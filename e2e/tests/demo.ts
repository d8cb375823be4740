import { expect, type APIRequestContext, type FrameLocator, type Page } from '@playwright/test';
import { inflateRawSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';

/** The demo API's account (printed by demo-api at start). */
export const DEMO = { id: '218', hash: '3f6c1a9e7b2d4c8f0e5a9b1c7d3e6f24' };
/** The demo API's large account: 2,987 conversations (100 pages), guests' leads in every form. */
export const LARGE = { id: '2026', hash: '7d41c9e0a3b85f26e1c4d9a07b3f5e82' };
/** The demo API's account whose customers send attack strings in every field. */
export const HOSTILE = { id: '666', hash: '6a7c0ffee0ddba11deadbeef00000666' };

const demoApi = process.env.DEMO_API_URL;

/** Names on a page, straight from the demo API, to compare with what the app shows. */
export async function namesOnPage(request: APIRequestContext, page: number, account = DEMO): Promise<string[]> {
  const reply = await request.post(`${demoApi}/hischat.php`, {
    form: { sso_id: account.id, hash: account.hash, page: String(page) },
  });
  const body = JSON.parse(await reply.text());
  return body.history.map((row: { use_name: string }) => row.use_name);
}

/** A row of the history as the demo API sends it. */
export type Row = { uss_sso_id: number; use_name: string; hash: string; last_msg: { cha_message: string }[] };

/** The rows of a page, straight from the demo API. */
export async function rowsOnPage(request: APIRequestContext, page: number, account = DEMO): Promise<Row[]> {
  const reply = await request.post(`${demoApi}/hischat.php`, {
    form: { sso_id: account.id, hash: account.hash, page: String(page) },
  });
  return JSON.parse(await reply.text()).history;
}

/** A message as the demo API sends it. */
export type MessageRow = { cha_message: string; cha_time: number; cha_owner_id: string; cha_support_id: string; cha_system_id: string };

/** Every message of a conversation, oldest first, straight from the demo API. */
export async function allMessageRows(request: APIRequestContext, row: Row, account = DEMO): Promise<MessageRow[]> {
  const messages: MessageRow[][] = [];
  for (let page = 1; ; page++) {
    const reply = await request.post(`${demoApi}/chistory.php`, {
      form: { to_id: String(row.uss_sso_id), send_id: account.id, hash: row.hash, page: String(page), groupmsg: '1' },
    });
    const batch: MessageRow[] = JSON.parse(await reply.text()).msg;
    messages.unshift(batch);
    if (batch.length < 50) return messages.flat();
  }
}

/** The text of every message of a conversation, oldest first, straight from the demo API. */
export async function allMessages(request: APIRequestContext, row: Row, account = DEMO): Promise<string[]> {
  return (await allMessageRows(request, row, account)).map((m) => m.cha_message);
}

type Fault = {
  fault:
    | 'http500'
    | 'http502'
    | 'http503'
    | 'html'
    | 'truncated'
    | 'wrong-shape'
    | 'bad-row'
    | 'refuse'
    | 'refuse-echo'
    | 'hang'
    | 'huge'
    | 'delay'
    | 'redirect';
  page?: number;
  times?: number;
  ms?: number;
  endpoint?: 'hischat' | 'chistory';
  location?: string;
};

export async function injectFault(request: APIRequestContext, fault: Fault) {
  expect((await request.post(`${demoApi}/__demo/faults`, { data: fault })).ok()).toBe(true);
}

export async function clearFaults(request: APIRequestContext) {
  expect((await request.delete(`${demoApi}/__demo/faults`)).ok()).toBe(true);
}

export async function signIn(page: Page | FrameLocator, options: { id?: string; hash?: string; remember?: boolean } = {}) {
  await page.getByLabel('Mã quản trị (sso_id)').fill(options.id ?? DEMO.id);
  await page.getByLabel('Mã bảo mật (hash_setting)').fill(options.hash ?? DEMO.hash);
  if (options.remember) {
    await page.getByLabel('Ghi nhớ trên máy này').check();
  }
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Opens the app and signs in with the demo account, waiting for page 1's rows. */
export async function openSignedIn(page: Page) {
  await page.goto('/');
  await signIn(page);
  await expect(shownNames(page)).toHaveCount(30);
}

/** Goes to page `n` with "Đến trang" (go to page). Faults are set on pages the app does not fetch
 * ahead from page 1 (it fetches page 2), so that they meet the request under test. */
export async function goToPage(page: Page | FrameLocator, n: number) {
  await page.getByLabel('Đến trang').fill(String(n));
  await page.getByRole('button', { name: 'Đi' }).click();
}

/** The conversation list, found by its heading. */
/** The first screen of the app's index.html, drawn before the app has loaded: gone once it runs. */
export function firstScreen(page: Page) {
  return page.locator('#vchat-history-boot');
}

export function list(page: Page | FrameLocator) {
  return page.getByRole('list', { name: 'Lịch sử trò chuyện' });
}

/** The customer names the app shows, in order. */
export function shownNames(page: Page | FrameLocator) {
  return list(page).getByRole('heading', { level: 3 });
}

/** The open conversation's pane, found by its heading (the customer's name). */
export function thread(page: Page | FrameLocator, name: string | RegExp) {
  return page.getByRole('region', { name });
}

/** The open conversation's messages. */
export function messageArea(page: Page | FrameLocator) {
  return page.getByRole('region', { name: 'Tin nhắn' });
}

/** The text of each message shown, oldest first. */
export function shownMessages(page: Page | FrameLocator) {
  return messageArea(page).getByRole('listitem').locator('.vch-bubble');
}

/** Sets the request timeout the way a deployer would: in the served index.html. */
export async function useTimeout(page: Page, ms: number) {
  await useSettings(page, { 'timeout-ms': String(ms) });
}

/** Sets run-time settings the way a deployer would: the `<meta name="vchat-history:KEY">` tags of
 * the served index.html. */
export async function useSettings(page: Page, settings: Record<string, string>) {
  await page.route(
    (url) => url.pathname === '/' || url.pathname.endsWith('/index.html'),
    async (route) => {
      const response = await route.fetch();
      let html = await response.text();
      for (const [key, value] of Object.entries(settings)) {
        const tag = new RegExp(`(name="vchat-history:${key}" content=")[^"]*`);
        expect(html).toMatch(tag);
        html = html.replace(tag, `$1${value}`);
      }
      await route.fulfill({ response, body: html });
    },
  );
}

/** Opens a host page on the app's own site that frames the app (`#app`), allowed by
 * `allowed-origins` (a frame of another site has no storage in Chromium), with `settings` too;
 * once the app says it is ready, `window.send(message)` posts a message to it. */
export async function sameSitePortal(page: Page, baseURL: string, settings: Record<string, string> = {}) {
  await useSettings(page, { 'allowed-origins': new URL(baseURL).origin, ...settings });
  await page.route('**/same-site-portal.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<iframe id="app" src="/" title="app"></iframe><script>
        window.ready = new Promise((resolve) =>
          addEventListener('message', (e) => e.data?.type === 'vchat-history:ready' && resolve()));
        window.send = (message) => document.getElementById('app').contentWindow.postMessage(message, location.origin);
      </script>`,
    }),
  );
  await page.goto('/same-site-portal.html');
  await page.evaluate(() => (window as any).ready);
  return page.frameLocator('#app');
}

/** Every `/hischat.php` request the page makes, by the page number it asks for. */
export function countRequests(page: Page) {
  const asked: number[] = [];
  const finished: number[] = [];
  const aborted: number[] = [];
  const pageOf = (r: import('@playwright/test').Request) => Number(new URLSearchParams(r.postData() ?? '').get('page'));
  page.on('request', (r) => r.url().endsWith('/hischat.php') && asked.push(pageOf(r)));
  page.on('requestfinished', (r) => r.url().endsWith('/hischat.php') && finished.push(pageOf(r)));
  page.on('requestfailed', (r) => r.url().endsWith('/hischat.php') && aborted.push(pageOf(r)));
  const count = (list: number[], n: number) => list.filter((p) => p === n).length;
  return { asked, finished, aborted, of: (n: number) => count(asked, n), done: (n: number) => count(finished, n) };
}

/** Collects what would show a broken page: script errors and console errors, except images
 * that failed to load (customers' avatars may be gone; the app then shows their initial). */
export function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    const resource = message.location().url;
    const image = /\/avatars\/|\.(gif|png|jpe?g|svg)$/.test(resource);
    if (message.type() === 'error' && !(image && message.text().startsWith('Failed to load resource'))) {
      errors.push(message.text());
    }
  });
  return errors;
}

/** What an attack would leave behind: dialogs opened, hosts contacted, script and console errors. */
export function watchAttacks(page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const hosts = new Set<string>();
  page.on('request', (r) => hosts.add(new URL(r.url()).host));
  return { dialogs, hosts, errors: watchErrors(page) };
}

/** A row with every field the search and the export read. */
export type FullRow = Row & {
  phone: string;
  email: string;
  address: string;
  pro: number;
  is_uservg: number;
  online: number;
  support_id: number;
  last_msg: { cha_message: string; cha_time: string; cha_link: string; cha_owner_id: number; cha_system_id: string }[];
};

/** The row's latest message is the customer's: the conversation waits for the shop's answer. */
export const isWaiting = (row: FullRow) =>
  Number(row.last_msg[0].cha_owner_id) === row.uss_sso_id && row.last_msg[0].cha_system_id === '0';

/** Every row of the large account, newest first, straight from the demo API. */
export async function wholeHistory(request: APIRequestContext, account = LARGE): Promise<FullRow[]> {
  const rows: FullRow[] = [];
  for (let page = 1; ; page++) {
    const batch = (await rowsOnPage(request, page, account)) as FullRow[];
    rows.push(...batch);
    if (batch.length < 30) return rows;
  }
}

/** The test's own reading of a guest's lead: digits (with spaces, dots, dashes, `+`) right after
 * `Khách: <name>`, 10 to 12 of them. Independent of the app's parser, for the demo's messages. */
export function leadNumber(message: string): string | null {
  const found = /^Khách:[^\d+]*(\+?\d[\d .-]{7,}\d)/.exec(message);
  const digits = found?.[1].replace(/\D/g, '') ?? '';
  return digits.length >= 10 && digits.length <= 12 ? found![1] : null;
}

/** Signs in to the large account with `interval` ms between the loading's requests, and any
 * other settings. */
export async function signInLarge(page: Page, interval = 0, settings: Record<string, string> = {}) {
  await useSettings(page, { 'load-interval-ms': String(interval), ...settings });
  await page.goto('/');
  await signIn(page, LARGE);
  await expect(shownNames(page)).toHaveCount(30);
}

/** RFC 4180, read independently of the app: fields, quotes doubled, CRLF rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  expect(field).toBe('');
  return rows;
}

export async function download(page: Page, start: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), start()]);
  const text = await readFile((await file.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return { name: file.suggestedFilename(), rows: parseCsv(text.slice(1)), text: text.slice(1) };
}

/** The cells Excel makes of a CSV file where `;` is the list separator (Vietnamese regional
 * settings): it splits at every `;`, quoted or not, a quote inside a field is a letter, and so a
 * line break ends the row; a field that starts with a quote loses its quotes. A tab is a separator
 * too when the file is pasted or imported as delimited text. */
export function cellsAsExcelWithSemicolons(text: string): string[] {
  return text.split(/[;\t]|\r\n|\r|\n/).map((field) =>
    field.startsWith('"') ? field.slice(1).replace(/"$/, '').replaceAll('""', '"') : field,
  );
}

/** The files of a zip archive (an .xlsx is one), read by the test itself: the central directory,
 * then each entry, stored or deflated. */
export function unzip(archive: Buffer): Map<string, string> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).toBe(0x02014b50);
    const method = archive.readUInt16LE(at + 10);
    const size = archive.readUInt32LE(at + 20);
    const [nameLength, extra, comment] = [28, 30, 32].map((o) => archive.readUInt16LE(at + o));
    const local = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

/** A worksheet's cells by reference (`A1`), read from the .xlsx's XML: shared strings as `text`,
 * numbers as `number` with their style's number format. */
export type XlsxCell = { text?: string; number?: number; format?: string; formula: boolean };
export function readSheet(files: Map<string, string>) {
  const decode = (xml: string) =>
    xml
      .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const shared = [...(files.get('xl/sharedStrings.xml') ?? '').matchAll(/<si>(.*?)<\/si>/gs)].map(([, si]) =>
    [...si.matchAll(/<t(?: [^>]*)?>(.*?)<\/t>/gs)].map(([, t]) => decode(t)).join(''),
  );
  const styles = files.get('xl/styles.xml') ?? '';
  const formats = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map(([, id, code]) => [id, decode(code)]));
  const xfs = [...(/<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(styles)?.[1] ?? '').matchAll(/<xf [^>]*?numFmtId="(\d+)"/g)].map(([, id]) => id);
  const sheet = files.get('xl/worksheets/sheet1.xml') ?? '';
  const cells = new Map<string, XlsxCell>();
  for (const [, attributes, body] of sheet.matchAll(/<c ([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
    const ref = /r="([A-Z]+\d+)"/.exec(attributes)![1];
    const value = /<v>(.*?)<\/v>/s.exec(body ?? '')?.[1];
    const style = /s="(\d+)"/.exec(attributes)?.[1];
    const cell: XlsxCell = { formula: /<f[ >]/.test(body ?? '') };
    if (/t="s"/.test(attributes)) cell.text = shared[Number(value)];
    else if (/t="inlineStr"/.test(attributes)) cell.text = decode(/<t[^>]*>(.*?)<\/t>/s.exec(body ?? '')?.[1] ?? '');
    else if (value !== undefined) (cell.number = Number(value)), (cell.format = formats.get(xfs[Number(style ?? 0)] ?? ''));
    cells.set(ref, cell);
  }
  return { sheet, cells };
}

/** Saves what `start` downloads, as bytes. */
export async function downloadBytes(page: Page, start: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), start()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

/** The demo's history as it was at the start (some tests move it on). */
export async function startOver(request: APIRequestContext) {
  expect((await request.delete(`${process.env.DEMO_API_URL}/__demo/history`)).ok()).toBe(true);
}

/** Between two visits, `add` new customers write to the demo shop (or the account `admin`),
 * then those at `wroteAgain` (positions in the list, from 0) write again. */
export async function moveOn(request: APIRequestContext, add: number, wroteAgain: number[], admin = DEMO.id) {
  const change = { admin: Number(admin), add, wrote_again: wroteAgain };
  expect((await request.post(`${process.env.DEMO_API_URL}/__demo/history`, { data: change })).ok()).toBe(true);
}
