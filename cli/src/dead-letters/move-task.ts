import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

export interface MoveTaskOutcome {
  /** COMPLETED, FAILED, CANCELLED, or RUNNING / CANCELLING when we stopped waiting. */
  status: string;
  /** SQS's own count; AWS may update it a little after the task completes. */
  moved: number;
  failureReason?: string;
}

export interface MoveTaskOptions {
  timeoutMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const readQueueArn = async (sqs: SQSClient, queueUrl: string): Promise<string> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  if (!Attributes?.QueueArn) throw new Error(`SQS gave no ARN for ${queueUrl}`);
  return Attributes.QueueArn;
};

/**
 * Whether SQS answered that it has no such action. AWS and LocalStack have move tasks; moto 5 does not,
 * and answers with an HTML error page and status 500, which the SDK reports as a SyntaxError.
 */
export const isUnsupportedOperation = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  if (['UnsupportedOperation', 'InvalidAction', 'UnknownOperationException'].includes(error.name))
    return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 501 || (status === 500 && error.name === 'SyntaxError');
};

/**
 * Moves every message of a DLQ to `destinationArn` with an SQS move task and waits for the task to end.
 * The task takes the messages that are in the DLQ when it starts, so messages dead-lettered again while
 * it runs stay there. Returns null when the endpoint has no move tasks.
 */
export const runMoveTask = async (
  sqs: SQSClient,
  arns: { sourceArn: string; destinationArn: string },
  options: MoveTaskOptions = {},
): Promise<MoveTaskOutcome | null> => {
  const { timeoutMs = 300_000, pollMs = 500 } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  try {
    await sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: arns.sourceArn, DestinationArn: arns.destinationArn }),
    );
  } catch (error) {
    if (isUnsupportedOperation(error)) return null;
    throw error;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // One result is the most recent task; SQS runs one task per source queue at a time, so it is ours.
    const { Results = [] } = await sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: arns.sourceArn, MaxResults: 1 }),
    );
    const task = Results[0];
    const status = task?.Status ?? 'UNKNOWN';
    const running = status === 'RUNNING' || status === 'CANCELLING';
    if (!running || Date.now() >= deadline) {
      return {
        status,
        moved: task?.ApproximateNumberOfMessagesMoved ?? 0,
        ...(task?.FailureReason ? { failureReason: task.FailureReason } : {}),
      };
    }
    await sleep(pollMs);
  }
};
