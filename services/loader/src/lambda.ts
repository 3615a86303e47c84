import { createStageLambda } from '@sluice/runtime';
import { loaderStage } from './stage.ts';

// Once per container: the secret is read and the pool is opened before the first event, and reused.
export const { handler } = await createStageLambda(loaderStage);
