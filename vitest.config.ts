import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

// Two projects: `unit` (lib/, no server) and `integration` (tests/, against a real server and
// PostgreSQL started once by tests/global-setup.ts). `npm test` runs both.
export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 60_000,
    hookTimeout: 240_000,
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['lib/**/*.test.ts'], testTimeout: 60_000, pool: 'forks', sequence: { groupOrder: 0 } } },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          setupFiles: ['tests/worker-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          pool: 'forks',
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
