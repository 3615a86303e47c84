import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { Stage } from '@sluice/contracts';
import { Consumer } from 'sqs-consumer';
import { MAX_RECEIVE_COUNT } from './bootstrap.ts';
import { describeError } from './errors.ts';
import { backoffSeconds, settleFailedMessage } from './failure-policy.ts';
import type { Logger } from './logger.ts';
import type { StageQueues } from './queues.ts';

export interface PollerOptions {
  stage: Stage;
  queues: StageQueues;
  sqs: SQSClient;
  log: Logger;
  /** Parses and handles one message body; throws to fail it. Returns what to log about it. */
  handle: (body: string) => Promise<Record<string, unknown>>;
  clock?: { now: () => Date };
  /** Messages handled at once by each consumer (SQS returns at most 10 per receive). */
  batchSize?: number;
  /** Consumers in this process; concurrency is batchSize × consumers. */
  consumers?: number;
  /** Attempts before a failing message is dead-lettered with its error. */
  maxAttempts?: number;
  /** How long a receive waits for messages; short in tests so that stopping is quick. */
  waitTimeSeconds?: number;
}

export interface Poller {
  stop: () => Promise<void>;
}

const attemptsOf = (message: Message): number => Number(message.Attributes?.ApproximateReceiveCount ?? '1');

/**
 * Polls one stage's queue with sqs-consumer. A message is acknowledged (deleted) when `handle` resolves;
 * when it throws, the message is dead-lettered with its error at once if retrying cannot help, or after
 * `maxAttempts` receives; otherwise it goes back to the queue after a backoff.
 */
export const startPoller = (options: PollerOptions): Poller => {
  const { stage, queues, sqs, log, handle } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const maxAttempts = options.maxAttempts ?? MAX_RECEIVE_COUNT;
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;

  const failures = { stage, sqs, deadLetterUrl: queues.deadLetterUrl, maxAttempts, clock, log };

  const handleMessage = async (message: Message): Promise<Message> => {
    const started = performance.now();
    const body = message.Body ?? '';
    try {
      const summary = await handle(body);
      log.info(
        { stage, messageId: message.MessageId, ms: Math.round(performance.now() - started), ...summary },
        'handled',
      );
    } catch (error) {
      const failed = { messageId: message.MessageId, body, attempts: attemptsOf(message) };
      // Thrown back to sqs-consumer, which gives the message back after the backoff below.
      if ((await settleFailedMessage(error, failed, failures)) === 'retry') throw error;
    }
    // Returning the message is what tells sqs-consumer to delete it.
    return message;
  };

  const consumers = Array.from({ length: options.consumers ?? 1 }, () => {
    const consumer = Consumer.create({
      queueUrl: queues.url,
      sqs,
      batchSize: options.batchSize ?? 10,
      waitTimeSeconds,
      // A stop lets the current poll return and its messages finish: aborting a long poll instead can
      // leave a message the server already handed out invisible, for the whole visibility timeout.
      pollingCompleteWaitTimeMs: (waitTimeSeconds + 30) * 1000,
      messageSystemAttributeNames: ['ApproximateReceiveCount'],
      terminateVisibilityTimeout: (messages) => backoffSeconds(attemptsOf(messages[0] ?? {})),
      handleMessage,
    });
    consumer.on('error', (error) => log.error({ stage, reason: describeError(error) }, 'queue error'));
    consumer.start();
    return consumer;
  });
  log.info({ stage, queueUrl: queues.url, consumers: consumers.length }, 'polling');

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
      log.info({ stage }, 'stopped');
    },
  };
};

/** Stops the pollers on SIGTERM or SIGINT, then lets the process end. */
export const stopOnSignals = (pollers: Poller[], log: Logger): void => {
  const stopAll = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await Promise.all(pollers.map((poller) => poller.stop()));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stopAll('SIGTERM'));
  process.once('SIGINT', () => void stopAll('SIGINT'));
};
