import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { createLogger, type Logger } from '../../src/logger.ts';
import type { MetricsOutput } from '../../src/telemetry/metrics.ts';
import type { Tracing } from '../../src/telemetry/tracing.ts';

/** A tracing that records every ended span in memory, and counts its flushes. */
export const recordingTracing = () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('test');
  let flushes = 0;
  const tracing: Tracing = {
    exporting: true,
    startSpan: (name, options, parent) => tracer.startSpan(name, options, parent),
    flush: async () => {
      flushes += 1;
    },
    shutdown: () => provider.shutdown(),
  };
  return {
    tracing,
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    flushes: () => flushes,
  };
};

/** A service's logger whose lines are kept, parsed and as written, instead of written. */
export const recordingLog = (service = 'loader') => {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const write = (line: string) => {
    raw.push(line);
    lines.push(JSON.parse(line));
  };
  const log: Logger = createLogger(service, { destination: { write } });
  return { log, lines, raw };
};

/** Where metric lines go in a spec: kept, parsed. */
export const recordingMetrics = (service = 'loader') => {
  const lines: Record<string, unknown>[] = [];
  const output: MetricsOutput = {
    namespace: 'Sluice/t',
    service,
    write: (line) => lines.push(JSON.parse(line)),
    clock: { now: () => new Date('2026-12-03T12:00:00Z') },
  };
  return { output, lines };
};

/**
 * An SQS client as sqs-consumer uses it: the first receive answers with `messages`, later ones with none
 * after a short wait (a long poll); every command is recorded.
 */
export const queueOfMessages = (messages: Record<string, unknown>[]) => {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  let pending = [...messages];
  const sqs = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      if (command.constructor.name !== 'ReceiveMessageCommand') return {};
      if (pending.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const answer = pending;
      pending = [];
      return { Messages: answer };
    },
  } as unknown as SQSClient;
  return { sqs, sent };
};
