import type { Message } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { VISIBILITY_TIMEOUT_SECONDS } from './bootstrap.ts';
import { type ConnectionSettings, explainConnectionFailure } from './connection-failure.ts';
import { describeError } from './errors.ts';
import { backoffSeconds, failureContextOf, type StageHandlerOptions } from './failure-policy.ts';
import { PREVIOUS_ATTEMPTS_ATTRIBUTE, previousAttemptsOf } from './message-bundles.ts';
import { releaseMessages } from './release-messages.ts';
import { type BatchHandler, settleBatch } from './settle-batch.ts';
import { withinSeconds } from './within-seconds.ts';

export interface PollerOptions extends StageHandlerOptions {
  /** Messages handled at once by each consumer (SQS returns at most 10 per receive). */
  batchSize?: number;
  /** Consumers in this process; concurrency is batchSize × consumers. */
  consumers?: number;
  /** How long a receive waits for messages; short in tests so that stopping is quick. */
  waitTimeSeconds?: number;
  /**
   * How long a received message stays invisible; extended every third of it while it is handled.
   * Defaults to the stage's queue setting.
   */
  visibilityTimeoutSeconds?: number;
  /** How long `stop` waits for the current poll and the messages in hand before releasing them. */
  stopTimeoutSeconds?: number;
  /** A batch still busy after this long gives its messages back, to be retried (default 15 minutes). */
  handleTimeoutSeconds?: number;
  /**
   * Where the process connects (its env): a queue that cannot be reached is then logged naming the
   * variable and the address, and how to start the local stack, not as the socket's bare error.
   */
  connection?: ConnectionSettings;
}

export interface Poller {
  /** Stops polling, lets the messages in hand finish and releases any that did not in time. */
  stop: () => Promise<void>;
}

/** SQS's count of this message's receives, plus those it had in a bundle before it was sent back alone. */
const attemptsOf = (message: Message): number =>
  Number(message.Attributes?.ApproximateReceiveCount ?? '1') +
  previousAttemptsOf(message.MessageAttributes?.[PREVIOUS_ATTEMPTS_ATTRIBUTE]?.StringValue);

// Lambda's own limit: no batch should take longer, and the heartbeat must not hide a hung handler's
// messages for ever. (sqs-consumer's handleMessageTimeout would give them back too, but past the failure
// policy: no reason recorded, no dead-lettering at the last attempt.)
const DEFAULT_HANDLE_TIMEOUT_SECONDS = 15 * 60;

/**
 * Polls one stage's queue with sqs-consumer. Each receive goes to the stage as one batch, through the
 * message path the Lambda face shares (settleBatch, which gives the messages to retry back with their
 * backoff); the messages done with (handled or dead-lettered) are returned, which tells sqs-consumer to
 * delete them in one DeleteMessageBatch. While a batch is handled its visibility is extended (a
 * heartbeat), so slow work is never handed to a second consumer.
 */
export const startPoller = (options: PollerOptions): Poller => {
  const { stage, queues, sqs, log } = options;
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;
  const visibilityTimeout = options.visibilityTimeoutSeconds ?? VISIBILITY_TIMEOUT_SECONDS[stage];
  const handleTimeoutSeconds = options.handleTimeoutSeconds ?? DEFAULT_HANDLE_TIMEOUT_SECONDS;
  const failures = failureContextOf(options);
  const inHand = new Set<Message>();
  const describeQueueError = (error: Error): string =>
    (options.connection && explainConnectionFailure(error, options.connection)) ?? describeError(error);
  const handleBatch: BatchHandler = (received) =>
    withinSeconds(options.handleBatch(received), handleTimeoutSeconds, `handling a batch of ${stage}`);

  const handleMessageBatch = async (messages: Message[]): Promise<Message[]> => {
    for (const message of messages) inHand.add(message);
    try {
      const received = messages.map((message) => ({
        messageId: message.MessageId,
        receiptHandle: message.ReceiptHandle,
        body: message.Body ?? '',
        attempts: attemptsOf(message),
      }));
      const settlements = await settleBatch(received, handleBatch, {
        failures,
        ...(options.retryBaseSeconds !== undefined ? { retryBaseSeconds: options.retryBaseSeconds } : {}),
        ...(options.telemetry ? { telemetry: options.telemetry } : {}),
      });
      return messages.filter((_, index) => settlements[index]?.outcome === 'done');
    } finally {
      for (const message of messages) inHand.delete(message);
    }
  };

  const consumers = Array.from({ length: options.consumers ?? 1 }, () => {
    const consumer = Consumer.create({
      queueUrl: queues.url,
      sqs,
      batchSize: options.batchSize ?? 10,
      waitTimeSeconds,
      // Received with this timeout and extended by it every third of it until the batch settles: the
      // messages stay hidden however long the work takes, and return soon after a process dies.
      visibilityTimeout,
      heartbeatInterval: visibilityTimeout / 3,
      // A stop lets the current poll return and its messages finish: aborting a long poll instead can
      // leave a message the server already handed out invisible, for the whole visibility timeout.
      pollingCompleteWaitTimeMs: (options.stopTimeoutSeconds ?? waitTimeSeconds + 30) * 1000,
      messageSystemAttributeNames: ['ApproximateReceiveCount'],
      messageAttributeNames: [PREVIOUS_ATTEMPTS_ATTRIBUTE],
      // Only if the batch handler itself fails, which settleBatch does not let happen.
      terminateVisibilityTimeout: (messages) =>
        backoffSeconds(attemptsOf(messages[0] ?? {}), options.retryBaseSeconds),
      handleMessageBatch,
      strictReturn: true,
    });
    consumer.on('error', (error) => log.error({ stage, reason: describeQueueError(error) }, 'queue error'));
    consumer.start();
    return consumer;
  });
  log.info({ stage, queueUrl: queues.url, consumers: consumers.length, visibilityTimeout }, 'polling');

  return {
    stop: async () => {
      await Promise.all(
        consumers.map(
          (consumer) =>
            new Promise<void>((resolve) => {
              if (!consumer.status.isRunning) return resolve();
              consumer.once('stopped', () => resolve());
              consumer.stop();
            }),
        ),
      );
      // Whatever is still in hand would stay hidden for a whole visibility timeout after the process
      // ends; made visible now, another consumer can take it at once.
      const released = await releaseMessages(sqs, queues.url, [...inHand], log);
      log.info({ stage, released }, 'stopped');
    },
  };
};
