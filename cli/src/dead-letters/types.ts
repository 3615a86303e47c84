import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Stage } from '@sluice/contracts';
import type { QueueUrls } from '@sluice/runtime';
import type { QueueDepth } from '../queue-depths.ts';

/** What every dead-letter operation needs: the SQS client and the deployment's queue URLs. */
export interface DeadLetterDeps {
  sqs: SQSClient;
  queues: QueueUrls;
}

/** One dead-lettered message as an operator reads it. */
export interface DeadLetterRow {
  messageId: string;
  /** The stage that dead-lettered it (`sluice-stage`), else the stage whose DLQ holds it. */
  stage: string;
  reason: string;
  /** Who recorded the reason: a Sluice poller, SQS's own redrive, or nobody. */
  reasonSource: 'sluice' | 'sqs-redrive' | 'none';
  attempts: number | null;
  runId: string | null;
  pipeline: string | null;
  type: string | null;
  resource: string | null;
  page: number | null;
  /** `sluice-failed-at`, else when the message was first sent. */
  failedAt: string | null;
  ageSeconds: number | null;
  receiveCount: number | null;
  body: string;
}

export interface DeadLetterListing {
  stage: Stage;
  queueUrl: string;
  /**
   * The DLQ's depth as SQS counts it: the figure to trust. Named as `queues` names a stage's DLQ depth
   * (`{ queue, deadLetter }`), so one name means one thing in every output.
   */
  deadLetter: QueueDepth;
  /** Best effort: at most the peek's limit, and SQS may not hand out every message of a deep queue. */
  messages: DeadLetterRow[];
  /** Messages the depth counts but the listing does not show: in flight, delayed, or beyond the limit. */
  unlisted: number;
}

export interface ReplayResult {
  stage: Stage;
  /** `move-task`: SQS's StartMessageMoveTask; `by-hand`: receive, send to the queue, delete. */
  method: 'move-task' | 'by-hand';
  moved: number;
  /** Messages still in the DLQ afterwards (other runs', or ones that arrived meanwhile). */
  left: number;
  /** Set when a move task did not complete (FAILED, CANCELLED, or still RUNNING when we stopped waiting). */
  problem?: string;
}

export interface PurgeResult {
  stage: Stage;
  queueUrl: string;
  /** The DLQ's depth just before the purge: what the purge removed. */
  purged: number;
}
