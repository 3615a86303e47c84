export { createExtractorDeps } from './deps.ts';
export type { ExtractorEnv } from './env.ts';
export { ExtractorEnvSchema, readExtractorEnv } from './env.ts';
export type { ExtractorDeps } from './extract.ts';
export { handleExtractMessage } from './extract.ts';
export { createHttpClient, fetchText } from './http-client.ts';
export type { PagedSource } from './paged-source.ts';
export { createRickAndMortySource } from './rickandmorty-source.ts';
export { SourceError } from './source-errors.ts';
