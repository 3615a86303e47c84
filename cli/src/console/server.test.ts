import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCliEnv } from '../config.ts';
import type { Platform } from '../platform.ts';
import { type RunningConsole, startConsole } from './server.ts';
import { otlpRequest } from './traces/otlp-factories.ts';
import { TRACES_LIMIT_BYTES } from './traces/receive-traces.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so that the Host and Origin headers are exactly what the test says. */
const send = (url: string, options: { method?: string; headers?: Record<string, string>; body?: string }) =>
  new Promise<Answer>((resolve, reject) => {
    const outgoing = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });

const FORM = 'application/x-www-form-urlencoded';

describe('Function: startConsole()', () => {
  let running: RunningConsole;
  let origin: string;
  // Refused requests never reach a route, so no route may touch the platform in these tests.
  const platform = new Proxy({} as Platform, {
    get: (_target, name) => {
      throw new Error(`the platform was used (${String(name)})`);
    },
  });

  beforeAll(async () => {
    running = await startConsole({
      env: readCliEnv({}),
      platform,
      host: '127.0.0.1',
      port: 0,
      csrfToken: 'the-token',
    });
    origin = running.url.replace(/\/$/, '');
  });
  afterAll(async () => {
    await running?.close();
  });

  it('takes OTLP/HTTP JSON spans on /v1/traces without a CSRF token, gzipped or not, and keeps them', async () => {
    // Prepare: what the services' exporter sends, a span at a time.
    const span = (spanId: string) =>
      JSON.stringify(
        otlpRequest([{ spanId, name: 'load page.transformed', startMs: 1, endMs: 2, page: 7 }], 'loader'),
      );
    const json = { 'content-type': 'application/json' };

    // Act
    const plain = await send(`${origin}/v1/traces`, {
      method: 'POST',
      headers: json,
      body: span('00000000000000a1'),
    });
    const gzipped = await new Promise<Answer>((resolve, reject) => {
      const body = gzipSync(span('00000000000000a2'));
      const outgoing = request(
        `${origin}/v1/traces`,
        { method: 'POST', headers: { ...json, 'content-encoding': 'gzip' } },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: '' }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

    // Assess
    expect(plain.status).toBe(200);
    expect(plain.body).toBe('{}');
    expect(gzipped.status).toBe(200);
    const kept = running.spans.spansOfPage({
      runId: '20261125T151841Z-9ecc3a',
      resource: 'character',
      page: 7,
    });
    expect(kept.map((kept) => [kept.service, kept.spanId])).toEqual([
      ['loader', '00000000000000a1'],
      ['loader', '00000000000000a2'],
    ]);
  });

  it('refuses on /v1/traces protobuf (415, saying what it takes), a browser, a body too large, and a GET', async () => {
    // Act
    const protobuf = await send(`${origin}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: '\n\u0002',
    });
    const browser = await send(`${origin}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: '{}',
    });
    const large = await send(`${origin}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"resourceSpans":[],"pad":"${'x'.repeat(TRACES_LIMIT_BYTES)}"}`,
    }).catch(() => ({ status: 413, headers: {}, body: 'reset' }));
    const malformed = await send(`${origin}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"no ids"}]}]}]}',
    });
    const get = await send(`${origin}/v1/traces`, {});

    // Assess
    expect(protobuf.status).toBe(415);
    expect(JSON.parse(protobuf.body).error).toContain('OTLP/HTTP with JSON encoding (application/json)');
    expect(browser.status).toBe(403);
    expect(large.status).toBe(413);
    expect(malformed.status).toBe(400);
    expect(get.status).toBe(405);
  });

  it('refuses to listen anywhere but loopback', async () => {
    // Act
    const listen = startConsole({ env: readCliEnv({}), platform, host: '0.0.0.0', port: 0 });

    // Assess
    await expect(listen).rejects.toThrow(/loopback only/);
  });

  it('serves its own style sheet and script, with a policy that allows nothing else', async () => {
    // Act
    const css = await send(`${origin}/assets/console.css`, {});
    const js = await send(`${origin}/assets/console.js`, {});

    // Assess
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(js.body).toContain('EventSource');
    expect(css.headers['content-security-policy']).toContain("default-src 'none'");
    expect(css.headers['content-security-policy']).toContain("script-src 'self'");
    expect(css.headers['x-frame-options']).toBe('DENY');
  });

  it('answers nothing to a request for another host name (DNS rebinding)', async () => {
    // Act
    const answer = await send(`${origin}/assets/console.css`, { headers: { host: 'evil.example:8642' } });

    // Assess
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('this console answers only at');
    expect(answer.body).not.toContain('font:');
  });

  it('refuses a POST without the CSRF token, or from another origin, or without an Origin header', async () => {
    // Prepare
    const post = (headers: Record<string, string>, body: string) =>
      send(`${origin}/dlq/purge`, { method: 'POST', headers: { 'content-type': FORM, ...headers }, body });

    // Act
    const noToken = await post({ origin }, 'stage=load&confirm=load');
    const wrongToken = await post({ origin }, 'stage=load&confirm=load&_csrf=guessed');
    const otherOrigin = await post(
      { origin: 'http://evil.example' },
      'stage=load&confirm=load&_csrf=the-token',
    );
    const noOrigin = await post({}, 'stage=load&confirm=load&_csrf=the-token');

    // Assess
    expect([noToken, wrongToken, otherOrigin, noOrigin].map((answer) => answer.status)).toEqual([
      403, 403, 403, 403,
    ]);
    expect(noToken.body).toContain('Refused: the form has no CSRF token');
    expect(wrongToken.body).toContain('Refused: the CSRF token is not the one this console issued');
    expect(otherOrigin.body).toContain(
      'Refused: the request comes from another origin (http://evil.example)',
    );
    expect(noOrigin.body).toContain('Refused: the request has no Origin header');
  });

  it('lets a POST with the token from its own origin through to its action', async () => {
    // Act: an unknown stage is refused by the action itself, before it reads anything.
    const answer = await send(`${origin}/dlq/purge`, {
      method: 'POST',
      headers: { 'content-type': FORM, origin },
      body: 'stage=everything&confirm=everything&_csrf=the-token',
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('unknown stage everything; expected extract, transform, load or all');
  });

  it('changes nothing on a GET: an action asked for by GET is not allowed', async () => {
    // Act
    const answer = await send(`${origin}/dlq/purge?stage=load&confirm=load`, {});

    // Assess
    expect(answer.status).toBe(405);
  });

  it('answers a path with a malformed escape with 400, not a failure', async () => {
    // Act
    const answer = await send(`${origin}/runs/%E0%A4%A`, {});

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('the path has a malformed escape');
  });

  it('answers an unknown path with 404, as JSON under /api/', async () => {
    // Act
    const page = await send(`${origin}/nowhere`, {});
    const api = await send(`${origin}/api/nowhere`, {});

    // Assess
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body)).toEqual({ error: 'nothing at GET /api/nowhere' });
  });
});
