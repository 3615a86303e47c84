import { describe, expect, it } from 'vitest';
import { formatEarlierMessages } from './earlier-messages.ts';

describe('Function: formatEarlierMessages()', () => {
  it('says nothing when the queues are empty', () => {
    expect(
      formatEarlierMessages({
        byStage: { extract: 0, transform: 0, load: 0 },
        total: 0,
        runs: [],
        looked: 0,
      }),
    ).toBeNull();
  });

  it('names the runs, how many messages each, and what will become of them', () => {
    // Act
    const text = formatEarlierMessages({
      byStage: { extract: 3, transform: 0, load: 150 },
      total: 153,
      runs: [
        { runId: '20260101T000000Z-aaaaaa', pipeline: 'rickandmorty', messages: 97 },
        { runId: '20251231T000000Z-bbbbbb', pipeline: 'rickandmorty', messages: 3 },
      ],
      looked: 100,
    });

    // Assess
    expect(text).toBe(
      '153 messages of earlier runs wait in the queues (extract 3, load 150); runs (of the 100 looked at): ' +
        '20260101T000000Z-aaaaaa (rickandmorty): 97, 20251231T000000Z-bbbbbb (rickandmorty): 3. ' +
        'The services started now will process them too, beside this run (`npx sluice status <runId>` follows one).',
    );
  });
});
