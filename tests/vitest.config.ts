import { defineProject } from 'vitest/config';

// Flows across services against the real LocalStack and MariaDB: one file at a time, since they start
// service processes and share the two servers, with time for a whole run.
export default defineProject({
  test: {
    name: 'flows',
    include: ['flows/**/*.test.ts'],
    globalSetup: ['./support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
