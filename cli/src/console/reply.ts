import type { ServerResponse } from 'node:http';
import type { SafeHtml } from './escape-html.ts';

/** What a route answers; the server turns it into headers and a body. */
export type Reply =
  | { kind: 'html'; status?: number; body: SafeHtml }
  | { kind: 'json'; status?: number; text: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'asset'; contentType: string; body: string }
  | { kind: 'stream'; start: (response: ServerResponse) => Promise<void> };

/** A request the console will not serve, with the status that says why: 400, 403, 404. */
export class ConsoleHttpError extends Error {
  override name = 'ConsoleHttpError';
  readonly status: number;
  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

/** What a route is given: the path's parts, the query, and for a POST its form fields. */
export interface ConsoleRequest {
  path: string;
  params: string[];
  query: URLSearchParams;
  form: URLSearchParams;
}
