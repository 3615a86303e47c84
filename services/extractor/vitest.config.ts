import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'extractor', include: ['src/**/*.test.ts'] } });
