import { runStagePoller } from '@sluice/runtime';
import { transformerStage } from './stage.ts';

await runStagePoller(transformerStage);
