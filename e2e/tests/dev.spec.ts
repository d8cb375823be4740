import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO, namesOnPage, shownNames, signIn } from './demo';

// The README's development loop: `cargo run -p demo-api` and `trunk serve`, the app talking to
// its own origin through Trunk's proxy. Trunk builds a debug bundle the first time: minutes.
test.setTimeout(8 * 60_000);

const root = resolve(__dirname, '../..');
// Trunk.toml as it is, but for the demo API's port: the test takes ports that are free. Beside
// Trunk.toml, since Trunk reads paths from the configuration's folder; named for this run, as is
// its dist, so that two runs at once keep apart.
const config = resolve(root, `.trunk-dev-test-${process.pid}.toml`);
const dist = `target/dist-serve-${process.pid}`;
const running: ChildProcess[] = [];
const output: string[] = [];

test.afterAll(async () => {
  for (const child of running) child.kill();
  await rm(config, { force: true });
  await rm(resolve(root, dist), { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (d) => output.push(String(d)));
  running.push(child);
}

test('trunk serve with the demo API: the app signs in through the development proxy', async ({ page, request }) => {
  const [api, serve] = [await freePort(), await freePort()];
  const trunkToml = await readFile(resolve(root, 'Trunk.toml'), 'utf8');
  expect(trunkToml).toContain('http://127.0.0.1:8787/hischat.php');
  await writeFile(config, trunkToml.replaceAll('127.0.0.1:8787/', `127.0.0.1:${api}/`));
  // Its own dist, so that the release build the other tests use stays as it is.
  start(resolve(root, 'target/debug/demo-api'), ['--port', String(api), '--dist', dist]);
  start('trunk', ['serve', '--config', config, '--offline', '--port', String(serve), '--dist', dist], {
    ...process.env,
    PATH: `${resolve(root, 'node_modules/.bin')}:${process.env.PATH}`,
  });
  await expect
    .poll(async () => (await fetch(`http://127.0.0.1:${serve}/`).catch(() => null))?.ok ?? false, { timeout: 7 * 60_000, intervals: [1000] })
    .toBe(true)
    .catch((error) => {
      throw new Error(`trunk serve did not come up: ${error}\n${output.join('')}`);
    });
  await page.goto(`http://127.0.0.1:${serve}/`);
  await signIn(page);
  await expect(shownNames(page)).toHaveText(await namesOnPage(request, 1));
  expect(page.url()).not.toContain(DEMO.hash);
});
