import { defineConfig } from 'vitest/config';

// Unit and integration tests (Node). Renderer component tests opt into happy-dom per file with
// `// @vitest-environment happy-dom`. End-to-end tests live in test/e2e and run under Playwright.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}', 'eslint-rules/**/*.test.mjs'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    server: { deps: { inline: ['electron-store'] } },
    coverage: {
      provider: 'v8',
      include: ['src-shared/**/*.ts', 'src-server/**/*.ts', 'src-main/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      // issue 2: the domain rules must stay ≥ 90 % line-covered; `npm test` fails below that.
      thresholds: { 'src-shared/**/*.ts': { lines: 90 } },
    },
  },
});
