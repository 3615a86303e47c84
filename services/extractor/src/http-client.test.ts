import { generateRickAndMortyDataset, startRickAndMortyApi } from '@sluice/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, fetchText } from './http-client.ts';
import { SourceError } from './source-errors.ts';

const dataset = generateRickAndMortyDataset({ characters: 45 });
const servers: { close: () => Promise<void> }[] = [];
const serve = async (intercept?: Parameters<typeof startRickAndMortyApi>[0]['intercept']) => {
  const api = await startRickAndMortyApi({ dataset, ...(intercept ? { intercept } : {}) });
  servers.push(api);
  return api;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('Function: fetchText()', () => {
  it('honours Retry-After on 429 and then returns the page', async () => {
    // Prepare
    let calls = 0;
    const api = await serve(() =>
      ++calls === 1 ? { status: 429, headers: { 'retry-after': '1' } } : undefined,
    );
    const started = Date.now();

    // Act
    const body = await fetchText(
      createHttpClient({ timeoutMs: 5_000, retries: 2 }),
      `${api.url}/character?page=3`,
    );

    // Assess
    expect(JSON.parse(body).results).toHaveLength(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(api.requests()).toBe(2);
  });

  it('retries server errors, then fails with a retryable SourceError that names the URL', async () => {
    const api = await serve(() => ({ status: 502 }));
    const act = fetchText(createHttpClient({ timeoutMs: 5_000, retries: 1 }), `${api.url}/episode?page=1`);
    await expect(act).rejects.toThrow(SourceError);
    await expect(act).rejects.toMatchObject({
      retryable: true,
      message: expect.stringMatching(/episode\?page=1 answered 502/),
    });
    expect(api.requests()).toBe(2);
  });

  it('does not retry a 404, and says it cannot pass later', async () => {
    const api = await serve();
    const act = fetchText(createHttpClient({ timeoutMs: 5_000, retries: 3 }), `${api.url}/character?page=99`);
    await expect(act).rejects.toMatchObject({ retryable: false });
    expect(api.requests()).toBe(1);
  });
});
