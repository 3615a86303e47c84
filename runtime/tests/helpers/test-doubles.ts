import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FailureContext } from '../../src/failure-policy.ts';
import { silentLogger } from '../../src/logger.ts';

/** An SQS client that records the commands sent to it and answers each with `answer`. */
export const recordingSqs = (answer: (command: { input: unknown }) => unknown = () => ({})) => {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const sqs = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return answer(command);
    },
  } as unknown as SQSClient;
  return { sqs, sent };
};

/** The failure policy's settings for a unit spec: the load stage, five attempts, a stopped clock. */
export const failureContextFor = (
  sqs: SQSClient,
  overrides: Partial<FailureContext> = {},
): FailureContext => ({
  stage: 'load',
  sqs,
  queueUrl: 'http://127.0.0.1:4566/000000000000/t-load',
  deadLetterUrl: 'http://127.0.0.1:4566/000000000000/t-load-dlq',
  failureReportUrl: 'http://127.0.0.1:4566/000000000000/t-load',
  maxAttempts: 5,
  clock: { now: () => new Date('2026-12-03T12:00:00Z') },
  log: silentLogger(),
  ...overrides,
});
