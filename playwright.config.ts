import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? '/tmp/trustgate-e2e';

// Debian's Chromium, never a downloaded browser (ENVIRONMENT.md). The background-networking
// flags keep it from flooding the closed network with refused connections.
export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 20_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    viewport: { width: 1360, height: 900 },
  },
  // The production build: a dev server's hot reload reacts to files the tests write (screenshots,
  // results) and reloads pages under the browser's feet.
  webServer: {
    command: `next build > /dev/null && rm -rf ${E2E_DATA_DIR} && mkdir -p ${E2E_DATA_DIR} && NODE_ENV=production node --import tsx server.ts 2>&1 | tee ${E2E_DATA_DIR}/server.log`,
    url: `http://localhost:${PORT}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    env: { PORT: String(PORT), MTLS_PORT: String(PORT + 1), PUBLIC_URL: `http://localhost:${PORT}`, DATA_DIR: E2E_DATA_DIR, NEXT_DIST_DIR: '.next-e2e', DATABASE_URL: '', LOG_LEVEL: 'warn' },
  },
});
