import { MESSAGE_VERSION, type RunRequested } from './messages.ts';

export interface RunRequest {
  runId: string;
  pipeline: string;
  requestedAt: Date;
  /** Only these resources; all of the pipeline's when absent. */
  resources?: string[] | undefined;
  fullRefresh?: boolean | undefined;
}

/** The one way a run's request is built: by the CLI, a schedule's function, or a schedule rule's event. */
export const runRequested = (run: RunRequest): RunRequested => ({
  version: MESSAGE_VERSION,
  type: 'run.requested',
  runId: run.runId,
  pipeline: run.pipeline,
  requestedAt: run.requestedAt.toISOString(),
  ...(run.resources ? { resources: run.resources } : {}),
  ...(run.fullRefresh ? { fullRefresh: true } : {}),
});
