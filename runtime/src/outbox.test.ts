import { describe, expect, it } from 'vitest';
import { recordingSqs } from '../tests/helpers/test-doubles.ts';
import { createOutbox } from './outbox.ts';

const done = (count: number): PromiseSettledResult<number>[] =>
  Array.from({ length: count }, (_, value) => ({ status: 'fulfilled', value }));

describe('Function: createOutbox()', () => {
  it('sends nothing until delivered, then ten messages a request per queue', async () => {
    const { sqs, sent } = recordingSqs(() => ({}));
    const outbox = createOutbox(sqs);
    for (let owner = 0; owner < 12; owner += 1) outbox.add(owner, 'q-extract', [{ owner }, { owner }]);
    outbox.add(12, 'q-load', [{ owner: 12 }]);
    expect(sent).toEqual([]);

    const results = await outbox.deliver(done(13));

    expect(results).toEqual(done(13));
    const sizes = sent.map(({ input }) => [input.QueueUrl, (input.Entries as unknown[]).length]);
    expect(sizes.sort()).toEqual(
      [
        ['q-extract', 10],
        ['q-extract', 10],
        ['q-extract', 4],
        ['q-load', 1],
      ].sort(),
    );
  });

  it('fails the owner of each refused entry and only it; a failed owner stays failed', async () => {
    const { sqs } = recordingSqs(() => ({
      Failed: [{ Id: '1', Code: 'InvalidMessageContents', Message: 'bad' }],
    }));
    const outbox = createOutbox(sqs);
    outbox.add(0, 'q', [{ a: 1 }]);
    outbox.add(1, 'q', [{ b: 1 }]);
    const earlier = new Error('fetch failed');
    const results = await outbox.deliver<number>([
      { status: 'fulfilled', value: 0 },
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: earlier },
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 0 });
    expect(results[1]).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringMatching(/InvalidMessageContents: bad/) },
    });
    expect(results[2]).toEqual({ status: 'rejected', reason: earlier });
  });
});
