import { messagesOfBundle } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { recordingSqs } from '../tests/helpers/test-doubles.ts';
import { BUNDLE_MAX_MESSAGES } from './message-bundles.ts';
import { createOutbox } from './outbox.ts';

const done = (count: number): PromiseSettledResult<number>[] =>
  Array.from({ length: count }, (_, value) => ({ status: 'fulfilled', value }));

const bodiesOf = (entries: unknown) =>
  (entries as { MessageBody: string }[]).map(({ MessageBody }) => JSON.parse(MessageBody) as unknown);

describe('Function: createOutbox()', () => {
  it('sends nothing until delivered, then bundles of 25 messages, ten bundles a request per queue; a lone message goes as it is', async () => {
    const { sqs, sent } = recordingSqs(() => ({}));
    const outbox = createOutbox(sqs);
    for (let owner = 0; owner < 300; owner += 1) outbox.add(owner, 'q-extract', [{ owner }, { owner }]);
    outbox.add(300, 'q-load', [{ owner: 300 }]);
    expect(sent).toEqual([]);

    const results = await outbox.deliver(done(301));

    expect(results).toEqual(done(301));
    const extract = sent.filter(({ input }) => input.QueueUrl === 'q-extract');
    // 600 messages: 24 bundles of 25, in requests of ten bundles.
    expect(extract.map(({ input }) => (input.Entries as unknown[]).length).sort()).toEqual([10, 10, 4]);
    const inside = extract.flatMap(({ input }) =>
      bodiesOf(input.Entries).map((body) => messagesOfBundle(body)),
    );
    expect(inside.every((messages) => messages?.length === BUNDLE_MAX_MESSAGES)).toBe(true);
    expect(inside.flat()).toEqual(Array.from({ length: 300 }, (_, owner) => [{ owner }, { owner }]).flat());
    const load = sent.filter(({ input }) => input.QueueUrl === 'q-load');
    expect(load.map(({ input }) => bodiesOf(input.Entries))).toEqual([[{ owner: 300 }]]);
  });

  it('keeps a bundle under 200 KiB, whatever the count', async () => {
    const { sqs, sent } = recordingSqs(() => ({}));
    const outbox = createOutbox(sqs);
    const text = 'x'.repeat(30 * 1024);
    for (let owner = 0; owner < 10; owner += 1) outbox.add(owner, 'q', [{ owner, text }]);
    await outbox.deliver(done(10));
    const bodies = sent.flatMap(({ input }) =>
      (input.Entries as { MessageBody: string }[]).map(({ MessageBody }) => MessageBody),
    );
    expect(bodies.every((body) => Buffer.byteLength(body) <= 200 * 1024)).toBe(true);
    expect(bodies.flatMap((body) => messagesOfBundle(JSON.parse(body)) ?? [JSON.parse(body)])).toHaveLength(
      10,
    );
  });

  it('fails the owners of each refused bundle and only them; a failed owner stays failed', async () => {
    const { sqs } = recordingSqs(() => ({
      Failed: [{ Id: '1', Code: 'InvalidMessageContents', Message: 'bad' }],
    }));
    const outbox = createOutbox(sqs);
    // Owners 0-24 fill the first bundle; 25-29 are the second, which SQS refuses.
    for (let owner = 0; owner < 30; owner += 1) outbox.add(owner, 'q', [{ owner }]);
    const earlier = new Error('fetch failed');
    const results = await outbox.deliver<number>([
      ...done(30).slice(0, 29),
      { status: 'rejected', reason: earlier },
    ]);
    expect(results.slice(0, 25)).toEqual(done(25));
    for (const result of results.slice(25, 29)) {
      expect(result).toMatchObject({
        status: 'rejected',
        reason: { message: expect.stringMatching(/InvalidMessageContents: bad/) },
      });
    }
    expect(results[29]).toEqual({ status: 'rejected', reason: earlier });
  });
});
