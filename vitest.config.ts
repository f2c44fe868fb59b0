/// <reference types="vitest/config" />
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The real site is built once, with its search and answer indexes, and shared by every test
    // that reads a built site (tests/helpers/site.ts: builtSite()).
    globalSetup: ['tests/setup/build-site.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Two cores: more workers only thrash.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'tests/model/**/*.test.ts', 'tests/ask/**/*.test.ts', 'tests/import/**/*.test.ts'] },
      },
      {
        // Files that run Astro (builds of fixture sites, astro dev) share the project's .astro/
        // folder, so they run one at a time.
        extends: true,
        test: { name: 'site', include: ['tests/site/**/*.test.ts', 'tests/e2e/**/*.test.ts'], fileParallelism: false },
      },
    ],
  },
});
