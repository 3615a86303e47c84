export { createExtractorDeps } from './deps.ts';
export type { ExtractorEnv } from './env.ts';
export { ExtractorEnvSchema, readExtractorEnv } from './env.ts';
export type { ExtractorDeps } from './extract.ts';
export { extractMessages } from './extract.ts';
export { createHttpClient, fetchText } from './http-client.ts';
export { SourceError } from './source-errors.ts';
export type { FetchedPage, PageSource } from './sources/page-source.ts';
export { createPageSource } from './sources/page-source.ts';
