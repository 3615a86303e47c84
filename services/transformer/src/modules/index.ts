import { episodeNumbers } from './episode-numbers.ts';
import type { TransformModules } from './transform-module.ts';

export { EPISODE_NUMBERS_TABLE, episodeNumbers } from './episode-numbers.ts';
export type { TransformModule, TransformModules } from './transform-module.ts';

/** The modules a pipeline file can name in `transform.<resource>.module`. */
export const TRANSFORM_MODULES: TransformModules = {
  'episode-numbers': episodeNumbers,
};
