import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'warehouse', include: ['src/**/*.test.ts'] } });
