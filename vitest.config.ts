import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['contracts', 'runtime', 'warehouse', 'services/*', 'fixtures', 'cli', 'tests', 'infra'],
    reporters: ['default', './tests/support/plain-summary-reporter.ts'],
  },
});
