import { ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { serviceEnvOf } from '@sluice/cli';
import { MESSAGE_VERSION, newRunId, type PageRequested } from '@sluice/contracts';
import { type CountingServer, startCountingServer } from '@sluice/fixtures';
import { DEAD_LETTER_ATTRIBUTES } from '@sluice/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { itemsPipeline, writePipelineFiles } from '../support/pipeline-files.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { FAIL_FAST_ENV } from '../support/test-env.ts';

type Received = { body: string; reason: string; attempts: string };

/** Every message on `queueUrl` until `enough` says so or 30 s pass, with its dead-letter reason and attempts. */
const receiveUntil = async (sqs: SQSClient, queueUrl: string, enough: (received: Received[]) => boolean) => {
  const received: Received[] = [];
  for (const started = Date.now(); !enough(received) && Date.now() - started < 30_000; ) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    for (const message of Messages) {
      const attribute = (name: string) => message.MessageAttributes?.[name]?.StringValue ?? '';
      received.push({
        body: message.Body ?? '',
        reason: attribute(DEAD_LETTER_ATTRIBUTES.reason),
        attempts: attribute(DEAD_LETTER_ATTRIBUTES.attempts),
      });
    }
  }
  return received;
};

// Every server here listens on 127.0.0.1: a second port is a second origin, so no test traffic ever
// leaves loopback, not even to prove a refusal.
describe('Flow: the extractor fetches only from its pipeline’s source (issue #11)', () => {
  let isolated: IsolatedPlatform;
  let fleet: ServiceFleet;
  let source: CountingServer;
  let foreign: CountingServer;
  let allowed: CountingServer;
  const runId = newRunId(new Date());

  const pageRequested = (pipeline: string, url: string): PageRequested => ({
    version: MESSAGE_VERSION,
    type: 'page.requested',
    runId,
    pipeline,
    resource: 'items',
    page: 1,
    url,
  });

  beforeAll(async () => {
    foreign = await startCountingServer();
    allowed = await startCountingServer(() => ({ status: 200, body: '[{"id":1,"name":"allowed"}]' }));
    source = await startCountingServer((url) =>
      url.pathname === '/moved'
        ? { status: 302, headers: { location: `${foreign.url}/after-redirect` } }
        : { status: 200, body: '[]' },
    );
    const closed = itemsPipeline({
      name: 'items-closed',
      route: 'none',
      pagination: { type: 'none' },
      urlVariable: 'SOURCE_URL',
    });
    const open = itemsPipeline({
      name: 'items-open',
      route: 'none',
      pagination: { type: 'none' },
      urlVariable: 'SOURCE_URL',
    });
    const openSource = { ...(open.source as object), allowedHosts: [new URL(allowed.url).host] };
    const dir = writePipelineFiles([closed, { ...open, source: openSource }]);
    isolated = await createIsolatedPlatform('foreign', { SLUICE_PIPELINES_DIR: dir });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, { ...FAIL_FAST_ENV, SOURCE_URL: source.url }),
      isolated.logDir,
    );
    await fleet.start('extractor');
  }, 60_000);
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await Promise.all([source?.close(), foreign?.close(), allowed?.close()]);
    await isolated?.destroy();
  });

  it('dead-letters a page on a foreign host or redirected to one at once, naming the host, and never calls it', async () => {
    // Prepare
    const { sqs, queues } = isolated.platform;
    const foreignHost = new URL(foreign.url).host;
    const messages = [
      pageRequested('items-closed', `${foreign.url}/steal`),
      pageRequested('items-closed', `${source.url}/moved`),
    ];

    // Act
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.extract.url,
        Entries: messages.map((message, index) => ({
          Id: `m${index}`,
          MessageBody: JSON.stringify(message),
        })),
      }),
    );
    const deadLetters = await receiveUntil(sqs, queues.extract.deadLetterUrl, (got) => got.length >= 2);

    // Assess
    const reasonOf = (url: string) =>
      deadLetters.find(({ body }) => (JSON.parse(body) as PageRequested).url === url)?.reason;
    expect(deadLetters).toHaveLength(2);
    // At once: not retryable, so the first attempt is the last.
    expect(deadLetters.map(({ attempts }) => attempts)).toEqual(['1', '1']);
    expect(reasonOf(`${foreign.url}/steal`)).toBe(
      `ForeignHostError: refused GET ${foreign.url}/steal: host ${foreignHost} is outside pipeline items-closed's source, which allows only http(s) URLs of ${source.url} and of source.allowedHosts (none)`,
    );
    expect(reasonOf(`${source.url}/moved`)).toMatch(
      new RegExp(
        `^ForeignHostError: refused the redirect to ${foreign.url}/after-redirect: host ${foreignHost} is outside`,
      ),
    );
    expect(foreign.requests()).toEqual([]);
    expect(source.requests()).toEqual(['/moved']);
  });

  it('fetches a page on a host:port the pipeline lists in allowedHosts', async () => {
    // Prepare
    const { sqs, queues } = isolated.platform;
    const url = `${allowed.url}/none/items`;

    // Act
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.extract.url,
        Entries: [{ Id: 'allowed', MessageBody: JSON.stringify(pageRequested('items-open', url)) }],
      }),
    );
    const staged = await receiveUntil(sqs, queues.transform.url, (got) => got.length >= 1);

    // Assess
    expect(allowed.requests()).toEqual(['/none/items']);
    expect(staged.map(({ body }) => JSON.parse(body))).toEqual([
      expect.objectContaining({ type: 'page.staged', pipeline: 'items-open', url }),
    ]);
    expect(foreign.requests()).toEqual([]);
  });
});
