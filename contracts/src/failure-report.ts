import { MESSAGE_SCHEMAS, MESSAGE_VERSION, type PageFailed } from './messages.ts';
import { type Stage, scheduledRunId } from './names.ts';
import { sha256Hex } from './page-state.ts';

/**
 * What the run ledger is told when a stage dead-letters `body`: its run, and the page where it has one.
 * Null for a body that names no run (not a Sluice message at all: nothing to mark) and for a failure
 * report itself, which must not report its own failure round and round.
 */
export const failureReportOf = (
  stage: Stage,
  body: string,
  failure: { reason: string; failedAt: Date },
): PageFailed | null => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = MESSAGE_SCHEMAS[stage].safeParse(json);
  if (!parsed.success) return null;
  const message = parsed.data;
  if (message.type === 'page.failed') return null;
  const report = {
    version: MESSAGE_VERSION,
    type: 'page.failed',
    stage,
    reason: failure.reason,
    failedAt: failure.failedAt.toISOString(),
  } as const;
  if (message.type === 'run.scheduled') {
    const runId = scheduledRunId(new Date(message.scheduledAt), sha256Hex(message.eventId));
    return { ...report, runId, pipeline: message.pipeline, resource: null, page: null };
  }
  if (message.type === 'run.requested') {
    return { ...report, runId: message.runId, pipeline: message.pipeline, resource: null, page: null };
  }
  return {
    ...report,
    runId: message.runId,
    pipeline: message.pipeline,
    resource: message.resource,
    page: message.page,
    ...('pagesTotal' in message ? { pagesTotal: message.pagesTotal } : {}),
  };
};
