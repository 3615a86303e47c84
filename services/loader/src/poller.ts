import { runStagePoller } from '@sluice/runtime';
import { loaderStage } from './stage.ts';

await runStagePoller(loaderStage);
