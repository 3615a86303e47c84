import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'transformer', include: ['src/**/*.test.ts'] } });
