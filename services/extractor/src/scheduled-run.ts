import { newRunId, runRequested, type ScheduledRun, ScheduledRunSchema } from '@sluice/contracts';
import { sendMessage } from '@sluice/runtime';
import type { ExtractorDeps } from './extract.ts';

export const isScheduledRun = (event: unknown): boolean => ScheduledRunSchema.safeParse(event).success;

/**
 * A run started by a schedule: it becomes a run.requested message on the extract queue, so the work fans
 * out as messages instead of running in this one invocation.
 */
export const requestScheduledRun = async (
  event: ScheduledRun,
  deps: Pick<ExtractorDeps, 'sqs' | 'queues' | 'clock' | 'pipelines'>,
) => {
  const { pipeline, resources } = ScheduledRunSchema.parse(event);
  deps.pipelines.get(pipeline); // an unknown pipeline fails here, in the schedule's invocation
  const now = deps.clock.now();
  const message = runRequested({ runId: newRunId(now), pipeline, requestedAt: now, resources });
  await sendMessage(deps.sqs, deps.queues.extract.url, message);
  return { runId: message.runId, pipeline };
};
