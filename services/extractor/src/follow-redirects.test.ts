import { type CountingServer, startCountingServer } from '@sluice/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchFollowingRedirects } from './follow-redirects.ts';
import { createHttpClient, fetchResponse } from './http-client.ts';
import { SourceError } from './source-errors.ts';

const servers: CountingServer[] = [];
const serve = async (reply?: Parameters<typeof startCountingServer>[0]) => {
  const server = await startCountingServer(reply);
  servers.push(server);
  return server;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const redirectTo = (location: string) => ({ status: 302, headers: { location } });

describe('Function: fetchFollowingRedirects()', () => {
  it('follows relative and absolute redirects, asking before each hop', async () => {
    // Prepare
    const other = await serve(() => ({ status: 200, body: '"arrived"' }));
    const source = await serve((url) =>
      url.pathname === '/start' ? redirectTo('/moved') : redirectTo(`${other.url}/final`),
    );
    const asked: [string, string][] = [];
    const fetch = fetchFollowingRedirects((next, from) => asked.push([next, from]));

    // Act
    const response = await fetch(`${source.url}/start`);

    // Assess
    expect(await response.text()).toBe('"arrived"');
    expect(asked).toEqual([
      [`${source.url}/moved`, `${source.url}/start`],
      [`${other.url}/final`, `${source.url}/moved`],
    ]);
    expect(source.requests()).toEqual(['/start', '/moved']);
  });

  it('makes no request to a hop the check refuses, and throws what the check threw', async () => {
    // Prepare
    const foreign = await serve();
    const source = await serve(() => redirectTo(`${foreign.url}/steal`));
    const refuse = new SourceError('refused');
    const fetch = fetchFollowingRedirects(() => {
      throw refuse;
    });

    // Act
    const act = fetch(`${source.url}/start`);

    // Assess
    await expect(act).rejects.toBe(refuse);
    expect(foreign.requests()).toEqual([]);
  });

  it('stops a redirect loop after the limit, not retryable', async () => {
    // Prepare
    const source = await serve((url) => redirectTo(url.pathname === '/a' ? '/b' : '/a'));

    // Act
    const act = fetchFollowingRedirects(() => {}, 3)(`${source.url}/a`);

    // Assess
    await expect(act).rejects.toMatchObject({
      message: expect.stringMatching(/after 3 redirects/),
      retryable: false,
    });
    expect(source.requests()).toHaveLength(4);
  });

  it('through ky: the check’s error reaches the caller as it is, and is not retried', async () => {
    // Prepare
    const foreign = await serve();
    const source = await serve(() => redirectTo(`${foreign.url}/steal`));
    const http = createHttpClient({ timeoutMs: 5_000, retries: 3 }).extend({
      fetch: fetchFollowingRedirects(() => {
        throw new SourceError('refused the redirect', { retryable: false });
      }),
    });

    // Act
    const act = fetchResponse(http, `${source.url}/start`);

    // Assess
    await expect(act).rejects.toMatchObject({ message: 'refused the redirect', retryable: false });
    expect(source.requests()).toEqual(['/start']);
    expect(foreign.requests()).toEqual([]);
  });
});
