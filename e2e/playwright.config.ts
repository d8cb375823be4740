import { defineConfig } from '@playwright/test';

// The demo API serves the release build (../dist) and the demo portal; nginx serves the sub-path
// build (../target/dist-subpath) with deploy/nginx.conf, in front of the same demo API.
const port = Number(process.env.E2E_PORT ?? 8788);
const nginxPort = port + 2;
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
      use: { baseURL: `http://127.0.0.1:${nginxPort}/tools/chat-history/` },
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
      command: `./nginx.sh ../target/dist-subpath ${nginxPort} ${port}`,
      url: `http://127.0.0.1:${nginxPort}/tools/chat-history/`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
