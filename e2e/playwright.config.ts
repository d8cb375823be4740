import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

// The demo API serves the release build (../dist) and the demo portal; nginx serves the sub-path
// build (../target/dist-subpath) with deploy/nginx.conf as shipped, TLS included, in front of the
// same demo API. Ports the system has free, chosen once: the workers load this file again and
// inherit the environment.
if (!process.env.E2E_PORTS) {
  process.env.E2E_PORTS = execFileSync(process.execPath, [
    '-e',
    `const net = require('node:net');
     const servers = [0, 1, 2].map(() => net.createServer());
     let open = 0;
     for (const s of servers) s.listen(0, '127.0.0.1', () => {
       if (++open < servers.length) return;
       console.log(servers.map((s) => s.address().port).join(' '));
       for (const s of servers) s.close();
     });`,
  ])
    .toString()
    .trim();
}
const [port, nginxPort, nginxHttpPort] = process.env.E2E_PORTS.split(' ').map(Number);
process.env.NGINX_HTTP_PORT = String(nginxHttpPort);
// The demo API itself, for the tests' own calls (faults, reference data), whatever serves the app.
process.env.DEMO_API_URL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  // The demo API's fault switches are shared by every page: one test at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: './results',
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    {
      name: 'demo-api',
      testIgnore: /nginx\.spec\.ts/,
      use: { baseURL: `http://127.0.0.1:${port}` },
    },
    {
      name: 'nginx',
      testMatch: /nginx\.spec\.ts/,
      // The portal's certificate is the throwaway authority's.
      use: { baseURL: `https://127.0.0.1:${nginxPort}/tools/chat-history/`, ignoreHTTPSErrors: true },
    },
  ],
  webServer: [
    {
      command: `../target/debug/demo-api --port ${port} --dist ../dist --test-switches`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `./nginx.sh ../target/dist-subpath ${nginxPort} ${nginxHttpPort} --demo ${port}`,
      url: `https://127.0.0.1:${nginxPort}/tools/chat-history/`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
