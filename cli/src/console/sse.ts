import type { ServerResponse } from 'node:http';

/** An open server-sent events stream to one browser page. */
export interface EventStream {
  /** Sends one event; its data is JSON, so it is always one line. */
  send: (event: string, data: unknown) => void;
  /** Resolves when the page goes away or the console stops. */
  closed: Promise<void>;
  close: () => void;
}

// Proxies and browsers drop a stream that says nothing for a while; a comment line keeps it open.
const KEEP_ALIVE_MS = 15_000;

/** Starts an event stream on a response: headers, keep-alive comments, and clean-up when it closes. */
export const openEventStream = (response: ServerResponse): EventStream => {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  response.write(': stream open\n\n');
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  const closed = new Promise<void>((resolve) =>
    response.once('close', () => {
      clearInterval(keepAlive);
      resolve();
    }),
  );
  return {
    send: (event, data) => {
      if (!response.writableEnded) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    closed,
    close: () => response.end(),
  };
};

/**
 * Sends what `read` renders now and again every `intervalMs` while it changes, until the stream closes.
 * A failed read is sent as a `failure` event (EventSource keeps `error` for the connection's own) and
 * tried again at the next tick.
 */
export const streamChanges = async (
  stream: EventStream,
  read: () => Promise<unknown>,
  options: { event: string; intervalMs: (last: unknown) => number },
): Promise<void> => {
  let open = true;
  void stream.closed.then(() => {
    open = false;
  });
  let last: string | undefined;
  let value: unknown;
  while (open) {
    try {
      value = await read();
      const text = JSON.stringify(value);
      if (text !== last) stream.send(options.event, value);
      last = text;
    } catch (error) {
      stream.send('failure', { message: (error as Error).message });
    }
    const tick = new Promise((resolve) => setTimeout(resolve, options.intervalMs(value)).unref());
    await Promise.race([tick, stream.closed]);
  }
};
