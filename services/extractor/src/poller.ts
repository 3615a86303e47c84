import { runStagePoller } from '@sluice/runtime';
import { extractorStage } from './stage.ts';

await runStagePoller(extractorStage);
