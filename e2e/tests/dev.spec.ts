import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO, namesOnPage, shownNames, signIn } from './demo';

// The README's development loop: `cargo run -p demo-api` and `trunk serve`, the app talking to
// its own origin through Trunk's proxy. Trunk builds a debug bundle the first time: minutes.
test.setTimeout(8 * 60_000);

const root = resolve(__dirname, '../..');
const running: ChildProcess[] = [];

test.afterAll(() => {
  for (const child of running) child.kill();
});

async function until(url: string, deadline: number) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not come up`);
}

test('trunk serve with the demo API: the app signs in through the development proxy', async ({ page, request }) => {
  // The ports Trunk.toml names: 8787 for the demo API, and trunk serve's own (here 8933). Its own
  // dist, so that the release build the other tests use stays as it is.
  running.push(spawn(resolve(root, 'target/debug/demo-api'), ['--port', '8787', '--dist', 'target/dist-serve'], { cwd: root, stdio: 'ignore' }));
  running.push(
    spawn('trunk', ['serve', '--offline', '--port', '8933', '--dist', 'target/dist-serve'], {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, PATH: `${resolve(root, 'node_modules/.bin')}:${process.env.PATH}` },
    }),
  );
  await until('http://127.0.0.1:8933/', Date.now() + 7 * 60_000);
  await page.goto('http://127.0.0.1:8933/');
  await signIn(page);
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
  expect(page.url()).not.toContain(DEMO.hash);
});
