import { execFile } from 'node:child_process';
import { join } from 'node:path';
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { PROJECT_ROOT, type QueueDepths, readQueueDepths, serviceEnvOf } from '@sluice/cli';
import type { Stage } from '@sluice/contracts';
import { sendToDeadLetter } from '@sluice/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { readJsonGlossary, unknownJsonKeys } from '../support/json-glossary.ts';

const SLUICE = join(PROJECT_ROOT, 'cli', 'bin', 'sluice.mjs');
const runA = '20261125T150000Z-aaaaaa';
const runB = '20261125T160000Z-bbbbbb';

// Message bodies as the stages send them.
const envelope = (runId: string, resource: string, page: number) => ({
  version: 1,
  runId,
  pipeline: 'rickandmorty',
  resource,
  page,
});
const pageRequested = (runId: string, page: number) => ({
  ...envelope(runId, 'character', page),
  type: 'page.requested',
  url: `http://127.0.0.1:9/api/character?page=${page}`,
});
const pageStaged = (runId: string, page: number) => ({
  ...envelope(runId, 'character', page),
  type: 'page.staged',
  pagesTotal: 9,
  rawKey: `raw/rickandmorty/character/${runId}/${String(page).padStart(6, '0')}.json`,
  stagedAt: '2026-11-25T15:00:01.000Z',
});
const pageTransformed = (runId: string, page: number) => ({
  ...envelope(runId, 'location', page),
  type: 'page.transformed',
  pagesTotal: 2,
  processedKey: `processed/rickandmorty/location/${runId}/${String(page).padStart(6, '0')}.json`,
  rejectedKey: null,
  records: { extracted: 20, valid: 20, rejected: 0 },
  rows: { locations: 20 },
});

const total = (depths: QueueDepths, stage: Stage, which: 'queue' | 'deadLetter') => {
  const depth = depths[stage][which];
  return depth.waiting + depth.inFlight + depth.delayed;
};

describe('Flow: operating the dead-letter queues with `sluice dlq` on LocalStack', () => {
  let isolated: IsolatedPlatform;

  /** Runs the real CLI against this flow's queues. */
  const sluice = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const env = { ...process.env, ...serviceEnvOf(isolated.env) };
      execFile(process.execPath, [SLUICE, ...args], { env }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      });
    });
  const depths = () => readQueueDepths(isolated.platform.sqs, isolated.platform.queues);

  /** Dead-letters a body the way the pollers do: with the sluice-* attributes. */
  const deadLetter = (stage: Stage, body: unknown, reason: string, failedAt = new Date()) =>
    sendToDeadLetter(
      isolated.platform.sqs,
      isolated.platform.queues[stage].deadLetterUrl,
      JSON.stringify(body),
      { stage, reason, attempts: reason.startsWith('SourceError') ? 5 : 1, failedAt },
    );

  /** Lets SQS's own redrive move a message: received and never deleted, as when its process dies. */
  const redriveBySqs = async (stage: Stage, body: unknown) => {
    const { sqs, queues } = isolated.platform;
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queues[stage].url, MessageBody: JSON.stringify(body) }),
    );
    for (let receive = 0; receive < 10; receive += 1) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queues[stage].url, VisibilityTimeout: 0 }),
      );
      if (Messages.length === 0) return;
    }
    throw new Error('SQS did not redrive the message');
  };

  /** Receives and deletes everything on a queue. */
  const takeAll = async (queueUrl: string): Promise<Message[]> => {
    const { sqs } = isolated.platform;
    const taken: Message[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) return taken;
      for (const message of Messages) {
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
        taken.push(message);
      }
    }
  };
  const bodiesOf = (messages: Message[]) => messages.map((message) => JSON.parse(message.Body ?? '')).sort();

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('dlq');
    const ninetySecondsAgo = new Date(Date.now() - 90_000);
    await deadLetter('extract', pageRequested(runA, 2), 'SourceError: GET … failed: 503', ninetySecondsAgo);
    await deadLetter('transform', pageStaged(runA, 3), 'StagedObjectMissingError: s3://…/000003.json');
    await deadLetter('transform', pageStaged(runA, 4), 'StagedObjectMissingError: s3://…/000004.json');
    await deadLetter('transform', pageStaged(runB, 3), 'ContractError: the page.staged message breaks');
    await deadLetter('load', pageTransformed(runB, 1), 'LoadError: Deadlock found when trying to get lock');
    await redriveBySqs('load', pageTransformed(runA, 2));
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('lists every DLQ with depth and each message with its reason, without consuming any', async () => {
    // Prepare
    const before = await depths();
    expect(before.transform.deadLetter).toEqual({ waiting: 3, inFlight: 0, delayed: 0 });
    expect(before.load.deadLetter.waiting).toBe(2);

    // Act
    const json = await sluice('dlq', 'list', '--json');
    const human = await sluice('dlq', 'list');

    // Assess
    expect(json.code).toBe(0);
    expect(unknownJsonKeys(JSON.parse(json.stdout), readJsonGlossary())).toEqual([]);
    const listings = JSON.parse(json.stdout).deadLetterQueues;
    expect(listings.map((l: { stage: string }) => l.stage)).toEqual(['extract', 'transform', 'load']);
    const [extract, transform, load] = listings;
    expect(extract.messages).toEqual([
      expect.objectContaining({
        stage: 'extract',
        reason: 'SourceError: GET … failed: 503',
        reasonSource: 'sluice',
        attempts: 5,
        runId: runA,
        pipeline: 'rickandmorty',
        type: 'page.requested',
        ageSeconds: expect.toSatisfy((age: number) => age >= 90 && age < 180),
      }),
    ]);
    expect(transform.deadLetter.waiting).toBe(3);
    expect(
      transform.messages.map((m: { runId: string; reason: string }) => [m.runId, m.reason]).sort(),
    ).toEqual(
      [
        [runA, 'StagedObjectMissingError: s3://…/000003.json'],
        [runA, 'StagedObjectMissingError: s3://…/000004.json'],
        [runB, 'ContractError: the page.staged message breaks'],
      ].sort(),
    );
    expect(load.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ runId: runB, type: 'page.transformed', reasonSource: 'sluice' }),
        expect.objectContaining({
          runId: runA,
          stage: 'load',
          reason: 'redriven by SQS after 5 receives',
          reasonSource: 'sqs-redrive',
          attempts: null,
        }),
      ]),
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/transform DLQ t-dlq-\w+-transform-dlq: 3 waiting, 0 in flight/);
    expect(human.stdout).toMatch(
      /load\s+20261125T160000Z-bbbbbb\s+rickandmorty\s+page\.transformed\s+location\/1/,
    );
    expect(human.stdout).toMatch(/redriven by SQS after \d+ receives/);
    expect(await depths()).toEqual(before);
  });

  it("replays one run's messages of one stage to its queue, leaving the other runs' in the DLQ", async () => {
    // Act
    const { code, stdout } = await sluice('dlq', 'replay', 'transform', '--run', runA, '--json');

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      deadLetterQueues: [{ stage: 'transform', method: 'by-hand', moved: 2, left: 1 }],
    });
    const replayed = await takeAll(isolated.platform.queues.transform.url);
    expect(bodiesOf(replayed)).toEqual([pageStaged(runA, 3), pageStaged(runA, 4)].sort());
    for (const message of replayed) expect(message.MessageAttributes ?? {}).toEqual({});
    const after = await depths();
    expect(after.transform.deadLetter).toEqual({ waiting: 1, inFlight: 0, delayed: 0 });
    expect(total(after, 'load', 'deadLetter')).toBe(2);
    expect(total(after, 'extract', 'deadLetter')).toBe(1);
  });

  it('replays every DLQ into its queue with SQS move tasks', async () => {
    // Act
    const { code, stdout } = await sluice('dlq', 'replay', 'all', '--move-task', '--json');

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout).deadLetterQueues).toEqual([
      { stage: 'extract', method: 'move-task', moved: 1, left: 0 },
      { stage: 'transform', method: 'move-task', moved: 1, left: 0 },
      { stage: 'load', method: 'move-task', moved: 2, left: 0 },
    ]);
    const { queues } = isolated.platform;
    expect(bodiesOf(await takeAll(queues.extract.url))).toEqual([pageRequested(runA, 2)]);
    expect(bodiesOf(await takeAll(queues.transform.url))).toEqual([pageStaged(runB, 3)]);
    expect(bodiesOf(await takeAll(queues.load.url))).toEqual(
      [pageTransformed(runB, 1), pageTransformed(runA, 2)].sort(),
    );
  });

  it('refuses to purge without --yes, saying what it would delete, and purges with it', async () => {
    // Prepare
    await deadLetter('extract', pageRequested(runB, 5), 'SourceError: GET … failed: 404');
    await deadLetter('extract', pageRequested(runB, 6), 'SourceError: GET … failed: 404');
    await deadLetter('load', pageTransformed(runB, 2), 'LoadError: connection lost');

    // Act
    const refused = await sluice('dlq', 'purge', 'all');

    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('Not purging without --yes');
    expect(refused.stderr).toMatch(/extract DLQ t-dlq-\w+-extract-dlq: 2 messages/);
    expect(refused.stderr).toMatch(/transform DLQ t-dlq-\w+-transform-dlq: 0 messages/);
    expect(refused.stderr).toMatch(/load DLQ t-dlq-\w+-load-dlq: 1 message\n/);
    const kept = await depths();
    expect([total(kept, 'extract', 'deadLetter'), total(kept, 'load', 'deadLetter')]).toEqual([2, 1]);

    // Act
    const purged = await sluice('dlq', 'purge', 'all', '--yes', '--json');

    // Assess
    expect(purged.code).toBe(0);
    expect(
      JSON.parse(purged.stdout).deadLetterQueues.map((r: { stage: string; purged: number }) => [
        r.stage,
        r.purged,
      ]),
    ).toEqual([
      ['extract', 2],
      ['transform', 0],
      ['load', 1],
    ]);
    const after = await depths();
    for (const stage of ['extract', 'transform', 'load'] as const)
      expect(total(after, stage, 'deadLetter')).toBe(0);
  });

  it('lists and replays past the first ten messages of a DLQ', async () => {
    // Prepare: 20 pages of run A and 3 of run B, more than one receive can bring.
    for (let page = 1; page <= 23; page += 1) {
      await deadLetter(
        'transform',
        pageStaged(page <= 20 ? runA : runB, page),
        `ContractError: page ${page}`,
      );
    }

    // Act
    const listed = await sluice('dlq', 'list', '--json');
    const replayed = await sluice('dlq', 'replay', 'transform', '--run', runA, '--json');

    // Assess
    const transform = JSON.parse(listed.stdout).deadLetterQueues[1];
    expect(new Set(transform.messages.map((m: { messageId: string }) => m.messageId)).size).toBe(23);
    expect(transform.unlisted).toBe(0);
    expect(JSON.parse(replayed.stdout).deadLetterQueues).toEqual([
      { stage: 'transform', method: 'by-hand', moved: 20, left: 3 },
    ]);
    const moved = await takeAll(isolated.platform.queues.transform.url);
    expect(moved.map((m) => JSON.parse(m.Body ?? '').page).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
  });
});
