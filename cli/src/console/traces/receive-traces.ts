import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ConsoleHttpError } from '../reply.ts';
import { spansOfOtlpJson } from './otlp-json.ts';
import type { SpanStore } from './span-store.ts';

/** Where OTLP/HTTP exporters post spans under the endpoint they are given. */
export const TRACES_PATH = '/v1/traces';

// A batch of the services' exporter is at most 512 spans of about 1 KiB: 4 MiB is far past any of ours.
export const TRACES_LIMIT_BYTES = 4 * 1024 * 1024;

const gunzipped = promisify(gunzip);

/** 127.0.0.0/8 and ::1, as IPv4 or IPv4-mapped IPv6. */
export const isLoopbackPeer = (address: string | undefined): boolean =>
  address !== undefined && (address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address));

const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > TRACES_LIMIT_BYTES)
    throw new ConsoleHttpError(413, `spans past ${TRACES_LIMIT_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > TRACES_LIMIT_BYTES) throw new ConsoleHttpError(413, `spans past ${TRACES_LIMIT_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  if (request.headers['content-encoding'] !== 'gzip') return body;
  // The limit holds after decompression too: a small gzip can unpack to gigabytes.
  return gunzipped(body, { maxOutputLength: TRACES_LIMIT_BYTES }).catch((error: unknown) => {
    throw new ConsoleHttpError(413, `gzipped spans that do not unpack within ${TRACES_LIMIT_BYTES} bytes`, {
      cause: error,
    });
  });
};

/**
 * `POST /v1/traces`: OTLP over HTTP with JSON encoding, what the services' exporter sends, kept in the
 * span store. Machine to machine, so no form and no CSRF token; instead only loopback peers, never a
 * browser (a request with an Origin), a bounded body, and JSON only: protobuf is answered 415, saying so.
 */
export const receiveTraces = async (request: IncomingMessage, store: SpanStore): Promise<string> => {
  if (!isLoopbackPeer(request.socket.remoteAddress))
    throw new ConsoleHttpError(403, 'spans are taken from this machine (loopback) only');
  if (request.headers.origin !== undefined)
    throw new ConsoleHttpError(403, 'spans are taken from exporters, not from pages in a browser');
  const type = request.headers['content-type'] ?? '';
  if (!type.startsWith('application/json'))
    throw new ConsoleHttpError(
      415,
      `the console takes OTLP/HTTP with JSON encoding (application/json), not ${type || 'no content type'}: set OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json, or send to a collector`,
    );
  const spans = spansOfOtlpJson((await readBody(request)).toString('utf8'));
  store.add(spans);
  // ExportTraceServiceResponse: an empty object says every span was accepted.
  return '{}';
};
