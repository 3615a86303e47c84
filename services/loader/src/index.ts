export type { LoaderProcess } from './deps.ts';
export { createLoaderProcess, warehouseTablesOf } from './deps.ts';
export type { LoaderEnv } from './env.ts';
export { LoaderEnvSchema, readLoaderEnv } from './env.ts';
export type { LoaderDeps, LoadResult } from './load-messages.ts';
export { loadMessages } from './load-messages.ts';
