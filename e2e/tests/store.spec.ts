import { expect, test, type Frame, type FrameLocator, type Page } from '@playwright/test';
import {
  DEMO,
  LARGE,
  clearFaults,
  countRequests,
  injectFault,
  list,
  moveOn,
  rowsOnPage,
  sameSitePortal,
  shownNames,
  signIn,
  startOver,
  useSettings,
} from './demo';

// The history a remembered admin keeps between visits, in IndexedDB: read in the real browser.

const CONVERSATIONS = 437;
/** Vietnamese thousands: 2.987. */
const vi = (n: number) => n.toLocaleString('de-DE');

test.beforeEach(async ({ request }) => {
  await clearFaults(request);
  await startOver(request);
});

test.afterAll(async ({ request }) => {
  await startOver(request);
});

function searchField(page: Page) {
  return page.getByRole('searchbox', { name: 'Tìm khách' });
}

/** "Cập nhật lúc 09:41 · 437 cuộc trò chuyện". */
function keptLine(page: Page | FrameLocator, conversations: number) {
  return page.getByText(new RegExp(`^Cập nhật lúc \\d{1,2}:\\d{2} · ${vi(conversations)} cuộc trò chuyện$`));
}

/** The databases of the app's origin. */
async function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

/** What the store of admin `admin` holds: the customer ids kept, and the loading's state.
 * Opened only if it exists: opening creates a database. */
async function kept(page: Page | Frame, admin = DEMO.id): Promise<{ ids: number[]; state: any }> {
  return page.evaluate(async (name) => {
    if (!(await indexedDB.databases()).some((d) => d.name === name)) return { ids: [], state: null };
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      if (!db.objectStoreNames.contains('conversations')) return { ids: [], state: null };
      const tx = db.transaction(['conversations', 'state']);
      const read = <T>(request: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const ids = (await read(tx.objectStore('conversations').getAllKeys())) as number[];
      const state = await read(tx.objectStore('state').get('state'));
      return { ids, state: state ? JSON.parse(state as string) : null };
    } finally {
      db.close();
    }
  }, `vchat-history.${admin}`);
}

/** Signs in remembered and loads the whole history (the search asks for it). */
async function keepWholeHistory(page: Page) {
  await useSettings(page, { 'load-interval-ms': '0' });
  await page.goto('/');
  await signIn(page, { remember: true });
  await expect(shownNames(page)).toHaveCount(30);
  await searchField(page).fill('zzzz');
  await expect(keptLine(page, CONVERSATIONS)).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await kept(page)).ids.length).toBe(CONVERSATIONS);
  await searchField(page).fill('');
}

test('a remembered history is kept, and a revisit with nothing new has all of it from page 1 alone', async ({ page, request }) => {
  await keepWholeHistory(page);
  expect((await kept(page)).state).toMatchObject({ admin: Number(DEMO.id), through: 15, complete: true });
  const last = (await rowsOnPage(request, 15)).at(-1)!;

  const requests = countRequests(page);
  await page.goto('/');
  await expect(shownNames(page)).toHaveCount(30);
  await expect(keptLine(page, CONVERSATIONS)).toBeVisible();
  await searchField(page).fill(String(last.uss_sso_id));
  await expect(page.getByText(new RegExp(`kết quả trong ${CONVERSATIONS} cuộc trò chuyện`))).toBeVisible();
  await expect(list(page).getByRole('heading', { name: last.use_name, exact: true })).not.toHaveCount(0);
  // Page 1, and page 2 fetched ahead: nothing else.
  expect(requests.asked.length).toBeLessThanOrEqual(2);
  expect(requests.asked.filter((p) => p > 2)).toEqual([]);
});

test('a revisit after new and returning customers reads the top of the list only: none twice, none missed', async ({ page, request }) => {
  await keepWholeHistory(page);
  const before = [...(await rowsOnPage(request, 4)), ...(await rowsOnPage(request, 11))];
  const returning = [before[9], before[39]]; // positions 99 and 309
  await moveOn(request, 40, [99, 309]);

  const requests = countRequests(page);
  await page.goto('/');
  await expect(keptLine(page, CONVERSATIONS + 40)).toBeVisible();
  // Page 1 (30 new), page 2 (10 new and the 2 returning), page 3 (nothing new): the end.
  expect(requests.asked, JSON.stringify(requests)).toEqual([1, 2, 3]);
  await expect.poll(async () => (await kept(page)).ids.length).toBe(CONVERSATIONS + 40);

  for (const n of [1, 25, 40]) {
    await searchField(page).fill(`Khách mới ${n}`);
    await expect(list(page).getByRole('heading', { name: `Khách mới ${n}`, exact: true })).toHaveCount(1);
  }
  for (const [k, customer] of returning.entries()) {
    await searchField(page).fill(String(customer.uss_sso_id));
    const row = list(page).getByRole('listitem').filter({ hasText: customer.use_name });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`Cho mình hỏi lại lần ${42 - k}`);
  }
  expect(requests.asked).toEqual([1, 2, 3]);
});

test('a first load stopped by a reload goes on from where it stopped, asking no page twice', async ({ page }) => {
  await useSettings(page, { 'load-interval-ms': '1500' });
  await page.goto('/');
  const first = countRequests(page);
  await signIn(page, { remember: true });
  await expect(shownNames(page)).toHaveCount(30);
  await searchField(page).fill('zzzz');
  await expect(page.getByText('Đã tải 3 trang · 90 cuộc trò chuyện')).toBeVisible();
  await expect.poll(async () => (await kept(page)).state?.through).toBe(3);
  expect(first.asked).toEqual([1, 2, 3]);

  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await useSettings(page, { 'load-interval-ms': '0' });
  const next = countRequests(page);
  await page.goto('/');
  await searchField(page).fill('zzzz');
  await expect(keptLine(page, CONVERSATIONS)).toBeVisible({ timeout: 30_000 });
  // The session's page 1, then the rest from page 4.
  expect(next.asked).toEqual([1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  await expect.poll(async () => (await kept(page)).ids.length).toBe(CONVERSATIONS);
});

test('signing out erases the kept history in every tab', async ({ page, context }) => {
  await keepWholeHistory(page);
  const other = await context.newPage();
  await other.goto('/');
  await expect(shownNames(other)).toHaveCount(30);
  await expect(keptLine(other, CONVERSATIONS)).toBeVisible();
  expect(await databases(page)).toEqual([`vchat-history.${DEMO.id}`]);

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(other.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await expect.poll(() => databases(other)).toEqual([]);
});

test('a refused hash and an expired session each leave no history behind', async ({ page, request }) => {
  await keepWholeHistory(page);
  await injectFault(request, { fault: 'refuse', page: 1 });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await expect.poll(() => databases(page)).toEqual([]);

  await clearFaults(request);
  await keepWholeHistory(page);
  // The remembered session's time is up.
  await page.evaluate(() => {
    const [id, , hash] = localStorage.getItem('vchat-history.session')!.split('\n');
    localStorage.setItem('vchat-history.session', `${id}\n1000\n${hash}`);
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await expect.poll(() => databases(page)).toEqual([]);
});

test('without "remember me" nothing is kept, and another admin signing in never sees the history', async ({ page, baseURL, request }) => {
  await useSettings(page, { 'load-interval-ms': '0' });
  await page.goto('/');
  await signIn(page);
  await expect(shownNames(page)).toHaveCount(30);
  await searchField(page).fill('zzzz');
  await expect(page.getByText(/^Đã tải toàn bộ lịch sử/)).toBeVisible({ timeout: 30_000 });
  expect(await databases(page)).toEqual([]);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();

  // A host page hands another admin's credentials over while the first is signed in.
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  const app = await sameSitePortal(page, baseURL!, { 'load-interval-ms': '0' });
  const send = (account: { id: string; hash: string }) =>
    page.evaluate(({ id, hash }) => (window as any).send({ type: 'vchat-history:sign-in', ssoId: Number(id), hash, remember: true }), account);
  const frame = () => page.frames()[1];
  await send(DEMO);
  await expect(shownNames(app)).toHaveCount(30);
  await app.getByRole('searchbox', { name: 'Tìm khách' }).fill('zzzz');
  await expect(keptLine(app, CONVERSATIONS)).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await kept(frame())).ids.length).toBe(CONVERSATIONS);
  const first = new Set((await kept(frame())).ids);
  await app.getByRole('searchbox', { name: 'Tìm khách' }).fill('');

  await send(LARGE);
  await expect(app.getByText(/^Cập nhật lúc .* · (30|60) cuộc trò chuyện$/)).toBeVisible();
  // The first admin's database is gone; the second's holds only their first pages.
  await expect.poll(() => frame().evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([`vchat-history.${LARGE.id}`]);
  const now = await kept(frame(), LARGE.id);
  expect(now.state).toMatchObject({ admin: Number(LARGE.id) });
  // Only the new admin's first pages: none of the 437 conversations kept before.
  const theirs = new Set([...(await rowsOnPage(request, 1, LARGE)), ...(await rowsOnPage(request, 2, LARGE))].map((r) => r.uss_sso_id));
  expect(now.ids.filter((id) => !theirs.has(id))).toEqual([]);
  expect(first.size).toBe(CONVERSATIONS);
});

test('two tabs of one admin: one asks vChat for each page, the other sees what it gets', async ({ page, context }) => {
  await useSettings(page, { 'load-interval-ms': '200' });
  await page.goto('/');
  const asked = [countRequests(page)];
  await signIn(page, { remember: true });
  await expect(shownNames(page)).toHaveCount(30);
  const other = await context.newPage();
  asked.push(countRequests(other));
  await useSettings(other, { 'load-interval-ms': '200' });
  await other.goto('/');
  await expect(shownNames(other)).toHaveCount(30);
  await searchField(page).fill('zzzz');
  await searchField(other).fill('zzzz');
  for (const tab of [page, other]) {
    await expect(keptLine(tab, CONVERSATIONS)).toBeVisible({ timeout: 30_000 });
  }
  // Each tab's own page 1 (and page 2 fetched ahead); every other page once, by one tab.
  const pages = asked.flatMap((a) => a.asked).filter((p) => p > 2).sort((a, b) => a - b);
  expect(pages).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
});

test('a browser that refuses the storage: the app works from memory, and says so once', async ({ page }) => {
  // As Firefox's private windows did: opening any database fails.
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
    };
  });
  await useSettings(page, { 'load-interval-ms': '0' });
  await page.goto('/');
  await signIn(page, { remember: true });
  await expect(shownNames(page)).toHaveCount(30);
  const notice = page.getByText('Trình duyệt không cho lưu lịch sử trên máy này: lịch sử chỉ được giữ đến khi đóng thẻ.');
  await expect(notice).toBeVisible();
  await searchField(page).fill('zzzz');
  await expect(page.getByText(`Đã tải toàn bộ lịch sử: 15 trang · ${CONVERSATIONS} cuộc trò chuyện`)).toBeVisible({ timeout: 30_000 });
  await expect(notice).toHaveCount(1);
  expect((await kept(page)).ids).toEqual([]);
});

test('with vChat unreachable, the kept history is searched as usual, with when it was saved and a retry', async ({ page, request }) => {
  await keepWholeHistory(page);
  const last = (await rowsOnPage(request, 15)).at(-1)!;
  await injectFault(request, { fault: 'http502' });
  await page.goto('/');
  await expect(page.getByRole('alert').filter({ hasText: 'Không tải được lịch sử' })).toBeVisible();
  await expect(keptLine(page, CONVERSATIONS)).toBeVisible();
  await searchField(page).fill(String(last.uss_sso_id));
  await expect(page.getByText(new RegExp(`kết quả trong ${CONVERSATIONS} cuộc trò chuyện`))).toBeVisible();
  await expect(list(page).getByRole('heading', { name: last.use_name, exact: true })).not.toHaveCount(0);
  // Still said when the history was saved, beside the loading's own failure.
  await expect(keptLine(page, CONVERSATIONS)).toBeVisible();

  await clearFaults(request);
  await searchField(page).fill('');
  const failed = page.getByRole('alert').filter({ hasText: 'Không tải được lịch sử' });
  await failed.getByRole('button', { name: 'Thử lại' }).click();
  await expect(shownNames(page)).toHaveCount(30);
});
