import { defineConfig } from 'vitest/config';

// Unit and integration tests (Node). Renderer component tests opt into happy-dom per file with
// `// @vitest-environment happy-dom`. End-to-end tests live in test/e2e and run under Playwright.
//
// Two projects (docs/postgres.md "Tests"): `sqlite` runs everything; `postgres` runs the ticket-service and
// sync suites a second time on PostgreSQL (test/server/backend.ts picks the store from SD_TEST_BACKEND) when
// SD_TEST_POSTGRES_URL names a cluster — .ci/run starts a throwaway one. Without it, say so loudly.
const POSTGRES_URL = process.env.SD_TEST_POSTGRES_URL;

const POSTGRES_SUITES = [
  'test/server/*.test.ts',
  'test/server/{kb,sync,automation,notifications,multi-instance,storage}/**/*.test.ts',
  'test/main/sync-integration.test.ts',
  // PostgreSQL-only: its migration runner, dialect and multi-instance specifics.
  'test/server/postgres/**/*.test.ts',
];
// Tests that exercise SQLite itself (its migration runner, raw better-sqlite3 schema checks) or no store at all.
const SQLITE_ONLY = [
  'test/server/migrations.test.ts',
  'test/server/automation/migration.test.ts',
  'test/server/notifications/migration.test.ts',
  'test/server/notifications/render.test.ts',
  'test/server/notifications/smtp.test.ts',
  'test/server/notifications/recipients.test.ts',
  'test/server/storage/sql-params.test.ts',
  'test/server/storage/pg-ddl.test.ts',
];

const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  server: { deps: { inline: ['electron-store'] } },
};

if (!POSTGRES_URL) {
  console.log('\nskipped: PostgreSQL not available (set SD_TEST_POSTGRES_URL) — server and sync suites ran on SQLite only\n');
}

export default defineConfig({
  test: {
    coverage: {
      provider: 'v8',
      include: ['src-shared/**/*.ts', 'src-server/**/*.ts', 'src-main/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      // issue 2: the domain rules must stay ≥ 90 % line-covered; `npm test` fails below that.
      thresholds: { 'src-shared/**/*.ts': { lines: 90 } },
    },
    projects: [
      {
        test: {
          ...shared,
          name: 'sqlite',
          include: ['test/**/*.test.{ts,tsx}', 'eslint-rules/**/*.test.mjs'],
          exclude: ['test/e2e/**', 'node_modules/**', 'test/server/postgres/**'],
          env: { SD_TEST_BACKEND: 'sqlite' },
        },
      },
      ...(POSTGRES_URL
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                // Same tests, more round trips per transaction (network protocol instead of in-process SQLite),
                // while the sqlite project runs beside it on two cores: more headroom, never a timed assertion.
                testTimeout: 90_000,
                include: POSTGRES_SUITES,
                exclude: ['test/e2e/**', 'node_modules/**', ...SQLITE_ONLY],
                env: { SD_TEST_BACKEND: 'postgres', SD_TEST_POSTGRES_URL: POSTGRES_URL },
              },
            },
          ]
        : []),
    ],
  },
});
