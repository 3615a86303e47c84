import { METRIC_UNITS } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { pageTransformedBody } from '../../tests/helpers/factories.ts';
import { recordingMetrics } from '../../tests/helpers/telemetry-doubles.ts';
import { failureContextFor, recordingSqs } from '../../tests/helpers/test-doubles.ts';
import { SluiceError } from '../errors.ts';
import { type BatchResults, type ReceivedMessage, settleBatch } from '../settle-batch.ts';
import { createBatchMetrics, emfLineOf } from './metrics.ts';
import { idsOnlyTracing } from './tracing.ts';

const received = (body: string, index: number): ReceivedMessage => ({
  messageId: `m-${index}`,
  receiptHandle: `r-${index}`,
  body,
  attempts: 1,
});

describe('Function: emfLineOf()', () => {
  it('writes a CloudWatch embedded metric format line with service and pipeline as its only dimensions', () => {
    // Prepare
    const { output } = recordingMetrics();

    // Act
    const line = JSON.parse(
      emfLineOf(
        output,
        'rickandmorty',
        { PagesLoaded: 2, HandlingTime: 41 },
        new Date('2026-12-03T12:00:00Z'),
      ),
    );

    // Assess
    expect(line).toEqual({
      _aws: {
        Timestamp: Date.parse('2026-12-03T12:00:00Z'),
        CloudWatchMetrics: [
          {
            Namespace: 'Sluice/t',
            Dimensions: [['service', 'pipeline']],
            Metrics: [
              { Name: 'PagesLoaded', Unit: 'Count' },
              { Name: 'HandlingTime', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
      service: 'loader',
      pipeline: 'rickandmorty',
      PagesLoaded: 2,
      HandlingTime: 41,
    });
  });
});

describe('Function: createBatchMetrics()', () => {
  it('sums a batch per pipeline and writes one line each, with the batch handling time', () => {
    // Prepare
    const { output, lines } = recordingMetrics();
    const metrics = createBatchMetrics(output);

    // Act
    metrics.add('rickandmorty', { PagesLoaded: 1, RowsWritten: 20 });
    metrics.add('rickandmorty', { PagesLoaded: 1, RowsWritten: 7 });
    metrics.add('coincap', { PagesSkipped: 1 });
    metrics.add(undefined, { PagesDeadLettered: 1 });
    metrics.flush(120);

    // Assess
    expect(lines).toEqual([
      expect.objectContaining({
        pipeline: 'rickandmorty',
        PagesLoaded: 2,
        RowsWritten: 27,
        HandlingTime: 120,
      }),
      expect.objectContaining({ pipeline: 'coincap', PagesSkipped: 1, HandlingTime: 120 }),
      expect.objectContaining({ pipeline: '(none)', PagesDeadLettered: 1, HandlingTime: 120 }),
    ]);
  });

  it('writes nothing without an output, and nothing for an empty batch', () => {
    // Prepare
    const { output, lines } = recordingMetrics();

    // Act
    createBatchMetrics(undefined).add('rickandmorty', { PagesLoaded: 1 });
    createBatchMetrics(output).flush(3);

    // Assess
    expect(lines).toEqual([]);
  });
});

describe('Function: settleBatch(), its metrics', () => {
  it('writes the messages handled, their stage metrics and the pages dead-lettered, never a run or a page', async () => {
    // Prepare: page 1 loads, page 2 waits for a retry, page 3 cannot pass, and a body that names no pipeline.
    const { sqs } = recordingSqs();
    const { output, lines } = recordingMetrics();
    const handle = async (): Promise<BatchResults> => [
      { status: 'fulfilled', value: { page: 1 }, metrics: { PagesLoaded: 1, RowsWritten: 20 } },
      { status: 'rejected', reason: new SluiceError('the database restarted') },
      { status: 'rejected', reason: new SluiceError('no such object', { retryable: false }) },
      { status: 'rejected', reason: new SluiceError('not JSON', { retryable: false }) },
    ];
    const messages = [...[1, 2, 3].map((page) => pageTransformedBody(page)), 'not json'].map(received);

    // Act
    await settleBatch(messages, handle, {
      failures: failureContextFor(sqs),
      telemetry: { tracing: idsOnlyTracing, metrics: output },
    });

    // Assess
    expect(lines).toEqual([
      expect.objectContaining({
        service: 'loader',
        pipeline: 'rickandmorty',
        MessagesHandled: 1,
        PagesLoaded: 1,
        RowsWritten: 20,
        PagesDeadLettered: 1,
        HandlingTime: expect.any(Number),
      }),
      expect.objectContaining({ pipeline: '(none)', PagesDeadLettered: 1 }),
    ]);
    for (const line of lines) {
      expect(
        Object.keys(line)
          .filter((key) => !(key in METRIC_UNITS))
          .sort(),
      ).toEqual(['_aws', 'pipeline', 'service']);
    }
  });
});
