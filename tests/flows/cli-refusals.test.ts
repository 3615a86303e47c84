import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { runSluice } from '../support/sluice-cli.ts';

describe('Flow: the CLI says what to fix, in one line, for input it cannot use', () => {
  let isolated: IsolatedPlatform;
  beforeAll(async () => {
    isolated = await createIsolatedPlatform('refusals');
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('`status` with something that is not a run id says what one looks like', async () => {
    const result = await runSluice(isolated.env, 'status', 'not-a-run');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('not-a-run is not a run id (they look like 20261125T150135Z-3fa9c2)');
  });

  it('`status` with a run id the warehouse does not hold names the warehouse it asked', async () => {
    const result = await runSluice(isolated.env, 'status', '20261125T150135Z-3fa9c2');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /No run 20261125T150135Z-3fa9c2 in the warehouse at 127\.0\.0\.1:\d+\/sluice_test_/,
    );
  });

  it('`serve-api --port abc` names the option and what it takes', async () => {
    const result = await runSluice(isolated.env, 'serve-api', '--port', 'abc');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sluice: --port abc is not a port: give a number from 0 to 65535');
  });

  it('`dlq list` keeps each reason whole', async () => {
    const reason = `SourceError: GET http://127.0.0.1:9/books answered 401: ${'x'.repeat(150)} check BOOKS_API_TOKEN`;
    await isolated.platform.sqs.send(
      new SendMessageCommand({
        QueueUrl: isolated.platform.queues.extract.deadLetterUrl,
        MessageBody: '{}',
        MessageAttributes: { 'sluice-error': { DataType: 'String', StringValue: reason } },
      }),
    );
    const result = await runSluice(isolated.env, 'dlq', 'list');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(reason);
  });
});
