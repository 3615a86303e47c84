// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are what these tests are about
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { isRetryable } from '@sluice/runtime';
import { describe, expect, it } from 'vitest';
import { ForeignHostError } from '../source-errors.ts';
import { createSourceOrigins, sourceOriginsOf } from './source-origins.ts';

type Source = PipelineDefinition['source'];

const restSource = (extra: Partial<Extract<Source, { type: 'rest' }>> = {}): Source => ({
  type: 'rest',
  baseUrl: '${SHOP_API_URL:-https://shop.test/api}',
  auth: { type: 'none' },
  pagination: { type: 'none' },
  resources: { orders: { path: '/orders' } },
  ...extra,
});

const htmlSource = (): Source => ({
  type: 'html',
  resources: {
    episodes: {
      startUrls: ['${SITE_URL}/a.html', 'https://mirror.test:8443/b.html'],
      rowSelector: 'tr',
      fields: { code: { selector: 'td', attribute: 'text' } },
    },
    shows: {
      listing: { url: 'http://listing.test/shows', nextSelector: 'a.next' },
      rowSelector: 'tr',
      fields: { code: { selector: 'td', attribute: 'text' } },
    },
  },
});

const refusal = (act: () => void): ForeignHostError => {
  try {
    act();
  } catch (error) {
    if (error instanceof ForeignHostError) return error;
    throw error;
  }
  throw new Error('expected a ForeignHostError, nothing was thrown');
};

describe('Function: sourceOriginsOf()', () => {
  it("reads a REST source's origin from baseUrl, its variables resolved", () => {
    expect(sourceOriginsOf(restSource(), {})).toEqual(['https://shop.test']);
    expect(sourceOriginsOf(restSource(), { SHOP_API_URL: 'http://127.0.0.1:8787/api' })).toEqual([
      'http://127.0.0.1:8787',
    ]);
  });

  it("reads an HTML source's origins from every start URL and listing", () => {
    expect(sourceOriginsOf(htmlSource(), { SITE_URL: 'http://127.0.0.1:9000' })).toEqual([
      'http://127.0.0.1:9000',
      'https://mirror.test:8443',
      'http://listing.test',
    ]);
  });
});

describe('Function: createSourceOrigins()', () => {
  const env = { SHOP_API_URL: 'http://127.0.0.1:8787/api' };

  it('lets through any page of the source, whatever its path and query', () => {
    // Prepare
    const origins = createSourceOrigins({ name: 'shop', source: restSource() }, env);

    // Act
    const act = () => {
      origins.check('http://127.0.0.1:8787/api/orders?page=2');
      origins.check('http://127.0.0.1:8787/elsewhere#top');
    };

    // Assess
    expect(act).not.toThrow();
  });

  it('refuses another port, scheme or host, not retryable, naming the host, the pipeline and what is allowed', () => {
    // Prepare
    const origins = createSourceOrigins({ name: 'shop', source: restSource() }, env);

    // Act
    const otherPort = refusal(() => origins.check('http://127.0.0.1:9999/steal'));
    const otherScheme = refusal(() => origins.check('https://127.0.0.1:8787/api/orders'));
    const otherHost = refusal(() => origins.check('http://169.254.169.254/latest/meta-data/'));

    // Assess
    expect(otherPort.message).toBe(
      "refused GET http://127.0.0.1:9999/steal: host 127.0.0.1:9999 is outside pipeline shop's source, which allows only http(s) URLs of http://127.0.0.1:8787 and of source.allowedHosts (none)",
    );
    expect(otherPort).toMatchObject({
      retryable: false,
      context: { pipeline: 'shop', host: '127.0.0.1:9999' },
    });
    expect(isRetryable(otherPort)).toBe(false);
    expect(otherScheme.message).toMatch(/host 127\.0\.0\.1:8787 is outside/);
    expect(otherHost.message).toMatch(/host 169\.254\.169\.254 is outside/);
  });

  it('refuses what is not http(s), even on an allowed host', () => {
    // Prepare
    const source = restSource({ allowedHosts: ['files.test'] });
    const origins = createSourceOrigins({ name: 'shop', source }, env);

    // Act + Assess
    expect(refusal(() => origins.check('ftp://files.test/dump')).message).toMatch(/^refused GET ftp:/);
    expect(refusal(() => origins.check('file:///etc/passwd')).message).toMatch(/host \(none\) is outside/);
    expect(refusal(() => origins.check('not a url')).message).toMatch(/host \(none\) is outside/);
  });

  it('lets through the hosts of allowedHosts: a bare host on default ports only, host:port on that port', () => {
    // Prepare
    const source = restSource({ allowedHosts: ['cdn.test', '127.0.0.1:9999'] });
    const origins = createSourceOrigins({ name: 'shop', source }, env);

    // Act
    const allowed = () => {
      origins.check('https://cdn.test/img/1.png');
      origins.check('http://CDN.test:80/img/1.png');
      origins.check('http://127.0.0.1:9999/page');
    };

    // Assess
    expect(allowed).not.toThrow();
    expect(refusal(() => origins.check('https://cdn.test:8443/img')).message).toMatch(
      /source\.allowedHosts \(cdn\.test, 127\.0\.0\.1:9999\)/,
    );
    expect(() => origins.check('http://127.0.0.1:9998/page')).toThrow(ForeignHostError);
  });

  it('names the URL without its credential, and says when a redirect was refused', () => {
    // Prepare
    const origins = createSourceOrigins({ name: 'shop', source: restSource() }, env);

    // Act
    const error = refusal(() =>
      origins.check('http://evil.test/x?apikey=s3cret', { shownUrl: 'http://evil.test/x', redirect: true }),
    );

    // Assess
    expect(error.message).toMatch(/^refused the redirect to http:\/\/evil\.test\/x: host evil\.test/);
    expect(JSON.stringify({ message: error.message, context: error.context })).not.toContain('s3cret');
  });
});
