import { describe, expect, it } from 'vitest';
import type { MESSAGE_SCHEMAS } from './messages.ts';
import { parseMessage } from './parse.ts';

const runId = '20261203T120000Z-abc123';
const page = {
  version: 1,
  runId,
  pipeline: 'rickandmorty',
  resource: 'character',
  page: 2,
  url: 'http://127.0.0.1:8787/api/character?page=2',
  contentHash: 'a'.repeat(64),
  pagesTotal: 3,
};
// One message of every type, as a queue of its stage receives it.
const messages = {
  extract: [
    {
      version: 1,
      type: 'run.requested',
      runId,
      pipeline: 'rickandmorty',
      requestedAt: '2026-12-03T12:00:00Z',
    },
    {
      version: 1,
      type: 'run.scheduled',
      pipeline: 'coincap',
      scheduledAt: '2026-12-03T03:00:00Z',
      eventId: 'e',
    },
    { ...page, type: 'page.requested', pagesTotal: undefined, contentHash: undefined },
  ],
  transform: [
    {
      ...page,
      type: 'page.staged',
      rawKey: `raw/rickandmorty/character/${runId}/000002.json`,
      stagedAt: '2026-12-03T12:00:01Z',
    },
  ],
  load: [
    {
      ...page,
      type: 'page.transformed',
      processedKey: `processed/rickandmorty/character/${runId}/000002.json`,
      rejectedKey: null,
      records: { extracted: 1, valid: 1, rejected: 0 },
      rows: { characters: 1 },
      cursor: null,
    },
    { ...page, type: 'page.skipped', skippedAt: '2026-12-03T12:00:01Z' },
    {
      version: 1,
      type: 'page.failed',
      runId,
      pipeline: 'rickandmorty',
      stage: 'transform',
      resource: 'character',
      page: 2,
      reason: 'ContractError: …',
      failedAt: '2026-12-03T12:00:02Z',
    },
  ],
} as const;
const everyMessage = Object.entries(messages).flatMap(([stage, bodies]) =>
  bodies.map((body) => [`${body.type} (${stage})`, stage as keyof typeof MESSAGE_SCHEMAS, body] as const),
);

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('Contract: trace context on every message', () => {
  it.each(everyMessage)(
    'parses a %s without trace context, as messages sent before it did',
    (_, stage, body) => {
      // Act
      const parsed = parseMessage(stage, JSON.stringify(body));

      // Assess
      expect(parsed).not.toHaveProperty('traceparent');
      expect(parsed.type).toBe(body.type);
    },
  );

  it.each(everyMessage)('keeps the traceparent and tracestate of a %s', (_, stage, body) => {
    // Act
    const parsed = parseMessage(stage, JSON.stringify({ ...body, traceparent, tracestate: 'vendor=abc' }));

    // Assess
    expect(parsed).toMatchObject({ traceparent, tracestate: 'vendor=abc' });
  });

  it.each([
    ['an unknown version', `01-${traceparent.slice(3)}`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['upper-case hex', traceparent.toUpperCase()],
    ['not a string', 42],
  ])('drops a traceparent with %s and still parses the message', (_, value) => {
    // Act
    const parsed = parseMessage('load', JSON.stringify({ ...messages.load[1], traceparent: value }));

    // Assess
    expect(parsed.traceparent).toBeUndefined();
    expect(parsed.type).toBe('page.skipped');
  });
});
