import { createStageLambda } from '@sluice/runtime';
import { transformerStage } from './stage.ts';

// Once per container: configuration is validated, mappings compiled and clients built before the first event.
export const { handler } = await createStageLambda(transformerStage);
