import { type PipelineDefinition, SourceSchema } from '@sluice/contracts/pipeline-definition';
import { type CountingReply, type CountingServer, startCountingServer } from '@sluice/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../http-client.ts';
import { ForeignHostError } from '../source-errors.ts';
import { createPageSource } from './page-source.ts';

const servers: CountingServer[] = [];
const serve = async (reply?: (url: URL) => CountingReply) => {
  const server = await startCountingServer(reply);
  servers.push(server);
  return server;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Only the name and source are read by a page source; the rest of the file does not matter here. */
const pageSourceOf = (source: Record<string, unknown>) =>
  createPageSource({ name: 'guarded', source: SourceSchema.parse(source) } as PipelineDefinition, {
    http: createHttpClient({ timeoutMs: 5_000, retries: 2 }),
    env: {},
    defaultConcurrency: 2,
  });

const restSource = (baseUrl: string, extra: Record<string, unknown> = {}) => ({
  type: 'rest',
  baseUrl,
  pagination: { type: 'none' },
  resources: { items: { path: '/items' } },
  ...extra,
});

describe('Function: createPageSource() keeps to its source', () => {
  it('refuses a page on another loopback port before any request, naming its host', async () => {
    // Prepare
    const source = await serve();
    const foreign = await serve();
    const pages = pageSourceOf(restSource(source.url));

    // Act
    const act = pages.fetchPage({ resource: 'items', page: 1, url: `${foreign.url}/items` });

    // Assess
    await expect(act).rejects.toBeInstanceOf(ForeignHostError);
    await expect(act).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining(
        `host ${new URL(foreign.url).host} is outside pipeline guarded's source`,
      ),
    });
    expect(foreign.requests()).toEqual([]);
  });

  it('fetches from a host:port that allowedHosts lists', async () => {
    // Prepare
    const source = await serve();
    const other = await serve(() => ({ status: 200, body: '[{"id":1}]' }));
    const pages = pageSourceOf(restSource(source.url, { allowedHosts: [new URL(other.url).host] }));

    // Act
    const page = await pages.fetchPage({ resource: 'items', page: 1, url: `${other.url}/items` });

    // Assess
    expect(page.recordCount).toBe(1);
    expect(other.requests()).toEqual(['/items']);
  });

  it('refuses a redirect that leaves the source, without following it', async () => {
    // Prepare
    const foreign = await serve();
    const source = await serve(() => ({ status: 302, headers: { location: `${foreign.url}/steal` } }));
    const pages = pageSourceOf(restSource(source.url));

    // Act
    const act = pages.fetchPage({ resource: 'items', page: 1, url: `${source.url}/items` });

    // Assess
    await expect(act).rejects.toMatchObject({
      name: 'ForeignHostError',
      retryable: false,
      message: expect.stringMatching(/^refused the redirect to http:\/\/127\.0\.0\.1:\d+\/steal: host/),
    });
    expect(source.requests()).toEqual(['/items']);
    expect(foreign.requests()).toEqual([]);
  });

  it('does not redirect a credential to another origin, even one allowedHosts lists', async () => {
    // Prepare
    const other = await serve();
    const source = await serve(() => ({ status: 302, headers: { location: `${other.url}/items` } }));
    const pages = pageSourceOf(
      restSource(source.url, {
        allowedHosts: [new URL(other.url).host],
        auth: { type: 'bearer', token: 'a-token' },
      }),
    );

    // Act
    const act = pages.fetchPage({ resource: 'items', page: 1, url: `${source.url}/items` });

    // Assess
    await expect(act).rejects.toMatchObject({ message: expect.stringMatching(/credential must not go/) });
    expect(other.requests()).toEqual([]);
  });

  it("refuses an HTML row's detail page on another host before requesting it", async () => {
    // Prepare
    const foreign = await serve();
    const site = await serve((url) => ({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body:
        url.pathname === '/list'
          ? `<table><tr><td><a href="/detail/1">1</a></td></tr><tr><td><a href="${foreign.url}/d">2</a></td></tr></table>`
          : '<p class="s">detail</p>',
    }));
    const pages = pageSourceOf({
      type: 'html',
      resources: {
        rows: {
          startUrls: [`${site.url}/list`],
          rowSelector: 'tr',
          fields: { code: { selector: 'td' } },
          follow: { selector: 'a', fields: { synopsis: { selector: '.s' } } },
        },
      },
    });

    // Act
    const act = pages.fetchPage({ resource: 'rows', page: 1, url: `${site.url}/list` });

    // Assess
    await expect(act).rejects.toBeInstanceOf(ForeignHostError);
    expect(foreign.requests()).toEqual([]);
    expect(site.requests()).toContain('/list');
  });
});
