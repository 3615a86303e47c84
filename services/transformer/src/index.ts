export { createTransformerDeps } from './deps.ts';
export type { TransformerEnv } from './env.ts';
export { readTransformerEnv, TransformerEnvSchema } from './env.ts';
export { ApiCharacterSchema, ApiEpisodeSchema, ApiLocationSchema } from './rickandmorty/records.ts';
export type { ResourceTransform } from './rickandmorty/resources.ts';
export { RICK_AND_MORTY_RESOURCES } from './rickandmorty/resources.ts';
export { idFromUrl, toSqlDate, toSqlDatetime } from './rickandmorty/values.ts';
export type { TransformerDeps } from './transform.ts';
export { handleTransformMessage } from './transform.ts';
