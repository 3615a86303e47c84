import { createServer } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { startPoller } from './poller.ts';

/** A loopback port nothing listens on: opened by us, then closed. */
const closedLoopbackPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

/** A logger whose lines are kept, parsed, to be read by the test. */
const recordingLogger = () => {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('test', {
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { log, lines };
};

const until = async (condition: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
};

describe('Function: startPoller()', () => {
  it('logs an unreachable queue naming AWS_ENDPOINT_URL, its address and `npx sluice stack up`', async () => {
    // Prepare: the real SDK pointed at a loopback port that refuses connections.
    const endpoint = `http://127.0.0.1:${await closedLoopbackPort()}`;
    const sqs = new SQSClient({
      endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const { log, lines } = recordingLogger();
    const queueUrl = `${endpoint}/000000000000/t-extract`;

    // Act
    const poller = startPoller({
      stage: 'extract',
      queues: { url: queueUrl, deadLetterUrl: `${queueUrl}-dlq` },
      failureReportUrl: queueUrl,
      sqs,
      log,
      handleBatch: async () => [],
      waitTimeSeconds: 1,
      stopTimeoutSeconds: 1,
      connection: { AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'us-east-1' },
    });
    await until(() => lines.some((line) => line.msg === 'queue error'), 10_000);
    await poller.stop();
    sqs.destroy();

    // Assess
    const queueError = lines.find((line) => line.msg === 'queue error');
    expect(queueError?.reason).toBe(
      `cannot reach the queues/S3 at ${endpoint} (AWS_ENDPOINT_URL): connection refused; ` +
        'is it running? `npx sluice stack up` starts the local stack',
    );
  });
});
