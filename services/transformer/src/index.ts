export { createTransformerDeps } from './deps.ts';
export type { TransformerEnv } from './env.ts';
export { readTransformerEnv, TransformerEnvSchema } from './env.ts';
export type { PageRows, ResourceTransformer } from './mapping/index.ts';
export { compileResourceTransform } from './mapping/index.ts';
export type { TransformModule, TransformModules } from './modules/index.ts';
export { TRANSFORM_MODULES } from './modules/index.ts';
export type { TransformerDeps, TransformResult } from './transform.ts';
export { transformPages } from './transform.ts';
