import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type CliEnv, PROJECT_ROOT } from '../config.ts';
import type { Platform } from '../platform.ts';
import { jsonText } from '../reports/json-text.ts';
import { acceptedHostsOf, acceptedOriginsOf, authorityOf, loopbackHostOf } from './console-address.ts';
import type { ConsoleContext } from './context.ts';
import { createCsrfToken, refusalOf } from './csrf.ts';
import { html } from './escape-html.ts';
import { createNoticeBoard } from './notices.ts';
import { ConsoleHttpError, type Reply } from './reply.ts';
import { type Route, routes } from './routes.ts';
import { OtlpFormatError } from './traces/otlp-json.ts';
import { receiveTraces, TRACES_PATH } from './traces/receive-traces.ts';
import { createSpanStore, type SpanStore } from './traces/span-store.ts';
import { layoutView } from './views/layout.ts';

export interface ConsoleOptions {
  env: CliEnv;
  platform: Platform;
  /** A loopback address; any other is refused. */
  host: string;
  /** 0: any free port. */
  port: number;
  /** Where a failure the console answered with a 500 is told (a terminal's stderr). */
  log?: (line: string) => void;
  /** The forms' token; a new random one when none is given (tests give their own). */
  csrfToken?: string;
  /** Where the services' JSON logs are; `.sluice/logs` of the project unless told. */
  logDir?: string;
  /** How many received spans are kept, the oldest dropped first. */
  spanCapacity?: number;
}

export interface RunningConsole {
  url: string;
  /** The spans received on /v1/traces. */
  spans: SpanStore;
  close: () => Promise<void>;
}

// Forms carry a stage, a run id and a token: a few hundred bytes. Anything much larger is not ours.
const FORM_LIMIT_BYTES = 16 * 1024;

// The pages use the console's own style sheet and script only; nothing inline, nothing from elsewhere.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with a form, which the check refuses.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

const readForm = async (request: IncomingMessage): Promise<URLSearchParams> => {
  const type = request.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new ConsoleHttpError(415, 'the console takes forms (application/x-www-form-urlencoded)');
  }
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > FORM_LIMIT_BYTES) throw new ConsoleHttpError(413, 'the form is too large');
  }
  return new URLSearchParams(body);
};

const decodePathPart = (part: string): string => {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ConsoleHttpError(400, `the path has a malformed escape: ${part}`);
  }
};

const send = (response: ServerResponse, status: number, type: string, body: string) => {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type });
  response.end(body);
};

const errorReply = (error: unknown, path: string): Reply => {
  const status = error instanceof ConsoleHttpError ? error.status : 500;
  const message = (error as Error).message;
  if (path.startsWith('/api/') || path === TRACES_PATH)
    return { kind: 'json', status, text: jsonText({ error: message }) };
  const body = html`<h1>${status === 404 ? 'Not found' : status >= 500 ? 'The console could not read this' : 'Refused'}</h1>
<p class="banner error" id="error">${message}</p><p><a href="/runs">Runs</a></p>`;
  return { kind: 'html', status, body: layoutView({ title: `Error ${status}`, section: '/runs', body }) };
};

const deliver = async (response: ServerResponse, reply: Reply) => {
  switch (reply.kind) {
    case 'html':
      return send(response, reply.status ?? 200, 'text/html; charset=utf-8', reply.body.value);
    case 'json':
      return send(response, reply.status ?? 200, 'application/json; charset=utf-8', reply.text);
    case 'asset':
      return send(response, 200, reply.contentType, reply.body);
    case 'redirect':
      response.writeHead(303, { ...SECURITY_HEADERS, location: reply.location });
      return response.end();
    case 'stream':
      return reply.start(response);
  }
};

/** Finds the route, checks a POST's origin and token, and answers; every failure becomes an error page. */
const handleRequest = async (
  request: IncomingMessage,
  response: ServerResponse,
  context: ConsoleContext,
  accepted: { hosts: Set<string>; origins: Set<string> },
  log: (line: string) => void,
) => {
  const url = new URL(request.url ?? '/', 'http://console.invalid');
  try {
    // Another name for this machine is a page of another site that made its name point here.
    if (!accepted.hosts.has(request.headers.host ?? '')) {
      throw new ConsoleHttpError(403, `this console answers only at ${[...accepted.hosts].join(' or ')}`);
    }
    // Spans from the services' exporters: machine to machine, checked in its own way (see receiveTraces).
    if (url.pathname === TRACES_PATH) {
      if (request.method !== 'POST') throw new ConsoleHttpError(405, `spans are POSTed to ${TRACES_PATH}`);
      const text = await receiveTraces(request, context.spans).catch((error: unknown) => {
        if (error instanceof OtlpFormatError)
          throw new ConsoleHttpError(400, error.message, { cause: error });
        throw error;
      });
      return await deliver(response, { kind: 'json', text });
    }
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const matches = routes.filter((route) => route.pattern.test(url.pathname));
    const route: Route | undefined = matches.find((candidate) => candidate.method === method);
    if (!route)
      throw new ConsoleHttpError(
        matches.length > 0 ? 405 : 404,
        `nothing at ${request.method} ${url.pathname}`,
      );
    const form = method === 'POST' ? await readForm(request) : new URLSearchParams();
    if (method === 'POST') {
      const refusal = refusalOf(
        { origin: request.headers.origin, token: form.get('_csrf') ?? undefined },
        { token: context.csrfToken, origins: accepted.origins },
      );
      if (refusal) throw new ConsoleHttpError(403, `Refused: ${refusal}`);
    }
    const params = (route.pattern.exec(url.pathname) ?? []).slice(1).map(decodePathPart);
    await deliver(
      response,
      await route.handle({ path: url.pathname, params, query: url.searchParams, form }, context),
    );
  } catch (error) {
    if (!(error instanceof ConsoleHttpError))
      log(`console: ${request.method} ${url.pathname} failed: ${(error as Error).stack}`);
    if (response.headersSent) return response.end();
    await deliver(response, errorReply(error, url.pathname));
  }
};

/**
 * Starts the console on a loopback address: its pages and JSON read the same functions as the CLI's
 * commands. Resolves once it listens; `close` ends every open event stream and stops it.
 */
export const startConsole = async (options: ConsoleOptions): Promise<RunningConsole> => {
  const host = loopbackHostOf(options.host);
  const log = options.log ?? (() => {});
  const context: ConsoleContext = {
    env: options.env,
    platform: options.platform,
    csrfToken: options.csrfToken ?? createCsrfToken(),
    notices: createNoticeBoard(),
    spans: createSpanStore(options.spanCapacity),
    logDir: options.logDir ?? join(PROJECT_ROOT, '.sluice', 'logs'),
  };
  let accepted = { hosts: new Set<string>(), origins: new Set<string>() };
  const server = createServer((request, response) => {
    void handleRequest(request, response, context, accepted, log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  accepted = { hosts: acceptedHostsOf(host, port), origins: acceptedOriginsOf(host, port) };
  return {
    url: `http://${authorityOf(host, port)}/`,
    spans: context.spans,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Event streams never end by themselves: close every connection still open.
        server.closeAllConnections();
      }),
  };
};
