import type { Message } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_SECONDS } from './bootstrap.ts';
import { describeError, SluiceError } from './errors.ts';
import { backoffSeconds, type StageHandlerOptions, settleFailedMessage } from './failure-policy.ts';
import type { Logger } from './logger.ts';
import { changeVisibility, releaseMessages } from './release-messages.ts';

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
  /** A handler still busy after this long gives its message back, to be retried (default 15 minutes). */
  handleTimeoutSeconds?: number;
}

export interface Poller {
  /** Stops polling, lets the messages in hand finish and releases any that did not in time. */
  stop: () => Promise<void>;
}

const attemptsOf = (message: Message): number => Number(message.Attributes?.ApproximateReceiveCount ?? '1');

// Lambda's own limit: no page should take longer, and the heartbeat must not hide a hung handler's message
// for ever. (sqs-consumer's handleMessageTimeout would give it back too, but past the failure policy: no
// reason recorded, no dead-lettering at the last attempt.)
const DEFAULT_HANDLE_TIMEOUT_SECONDS = 15 * 60;

/** Rejects with a retryable error once `seconds` have passed, unless `work` settles first. */
const withinSeconds = async <T>(work: Promise<T>, seconds: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SluiceError(`${what} took longer than ${seconds} s`)),
      seconds * 1000,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Polls one stage's queue with sqs-consumer. A message is acknowledged (deleted) when `handle` resolves;
 * when it throws, the message is dead-lettered with its error at once if retrying cannot help, or after
 * `maxAttempts` receives; otherwise it goes back to the queue after a backoff. While a message is being
 * handled its visibility is extended (a heartbeat), so slow work is never handed to a second consumer.
 */
export const startPoller = (options: PollerOptions): Poller => {
  const { stage, queues, sqs, log, handle } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const maxAttempts = options.maxAttempts ?? MAX_RECEIVE_COUNT;
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;
  const visibilityTimeout = options.visibilityTimeoutSeconds ?? VISIBILITY_TIMEOUT_SECONDS[stage];
  const handleTimeoutSeconds = options.handleTimeoutSeconds ?? DEFAULT_HANDLE_TIMEOUT_SECONDS;
  const inHand = new Map<string, Message>();

  const failures = {
    stage,
    sqs,
    deadLetterUrl: queues.deadLetterUrl,
    failureReportUrl: options.failureReportUrl,
    maxAttempts,
    clock,
    log,
  };

  /** Sends a message to be retried back to the queue, to return after its backoff. */
  const retryLater = (message: Message) =>
    changeVisibility(
      sqs,
      queues.url,
      message.ReceiptHandle,
      backoffSeconds(attemptsOf(message), options.retryBaseSeconds),
    ).catch((error) =>
      log.warn(
        { stage, messageId: message.MessageId, reason: describeError(error) },
        'could not delay the retry; the message returns when its visibility timeout ends',
      ),
    );

  /** Handles one message; says whether it is done with (handled, or dead-lettered) or left to be retried. */
  const handleMessage = async (message: Message): Promise<'done' | 'retry'> => {
    const started = performance.now();
    const body = message.Body ?? '';
    const key = message.ReceiptHandle ?? message.MessageId ?? '';
    inHand.set(key, message);
    try {
      const summary = await withinSeconds(
        handle(body),
        handleTimeoutSeconds,
        `handling message ${message.MessageId}`,
      );
      log.info(
        { stage, messageId: message.MessageId, ms: Math.round(performance.now() - started), ...summary },
        'handled',
      );
      return 'done';
    } catch (error) {
      const failed = { messageId: message.MessageId, body, attempts: attemptsOf(message) };
      // A DLQ that cannot be reached leaves the message to be tried again, like any retryable failure.
      const settled = await settleFailedMessage(error, failed, failures).catch((dlqError) => {
        log.error(
          { stage, messageId: message.MessageId, reason: describeError(dlqError) },
          'could not dead-letter',
        );
        return 'retry' as const;
      });
      if (settled === 'retry') await retryLater(message);
      return settled === 'retry' ? 'retry' : 'done';
    } finally {
      inHand.delete(key);
    }
  };

  /**
   * A receive's messages are handled together and those done with are deleted in one DeleteMessageBatch
   * (returning them is what tells sqs-consumer to delete them), a round trip per receive rather than per
   * message. The others have been given back to the queue, each with its own backoff.
   */
  const handleMessageBatch = async (messages: Message[]): Promise<Message[]> => {
    const outcomes = await Promise.all(messages.map(handleMessage));
    return messages.filter((_, index) => outcomes[index] === 'done');
  };

  const consumers = Array.from({ length: options.consumers ?? 1 }, () => {
    const consumer = Consumer.create({
      queueUrl: queues.url,
      sqs,
      batchSize: options.batchSize ?? 10,
      waitTimeSeconds,
      // Received with this timeout and extended by it every third of it until the handler settles: the
      // message stays hidden however long the work takes, and returns soon after a process dies.
      visibilityTimeout,
      heartbeatInterval: visibilityTimeout / 3,
      // A stop lets the current poll return and its messages finish: aborting a long poll instead can
      // leave a message the server already handed out invisible, for the whole visibility timeout.
      pollingCompleteWaitTimeMs: (options.stopTimeoutSeconds ?? waitTimeSeconds + 30) * 1000,
      messageSystemAttributeNames: ['ApproximateReceiveCount'],
      // Only if the batch handler itself fails, which handleMessage does not let happen.
      terminateVisibilityTimeout: (messages) =>
        backoffSeconds(attemptsOf(messages[0] ?? {}), options.retryBaseSeconds),
      handleMessageBatch,
      strictReturn: true,
    });
    consumer.on('error', (error) => log.error({ stage, reason: describeError(error) }, 'queue error'));
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
      const released = await releaseMessages(sqs, queues.url, [...inHand.values()], log);
      log.info({ stage, released }, 'stopped');
    },
  };
};

/** Stops the pollers on SIGTERM or SIGINT (or when the parent's pipe closes), then lets the process end. */
export const stopOnSignals = (
  pollers: Poller[],
  log: Logger,
  options: { stopWhenStdinEnds?: boolean } = {},
): void => {
  let stopping = false;
  const stopAll = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    await Promise.all(pollers.map((poller) => poller.stop()));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stopAll('SIGTERM'));
  process.once('SIGINT', () => void stopAll('SIGINT'));
  // A poller started by the CLI holds a pipe from it: when the CLI dies, even by SIGKILL, the pipe closes
  // and the poller stops instead of polling on, orphaned, with the CLI's old settings.
  if (options.stopWhenStdinEnds) {
    process.stdin.once('end', () => void stopAll('parent gone'));
    process.stdin.resume();
  }
};
