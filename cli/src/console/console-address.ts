import { isIPv4, isIPv6 } from 'node:net';

/** Where `sluice console` listens unless told otherwise. */
export const DEFAULT_CONSOLE_PORT = 8642;
export const DEFAULT_CONSOLE_HOST = '127.0.0.1';

/** The console was asked to listen where others could reach it. */
export class ConsoleAddressError extends Error {
  override name = 'ConsoleAddressError';
}

/**
 * The address to listen on, if it is a loopback one (127.0.0.0/8 or ::1). The console replays and purges
 * dead letters and starts runs with this machine's credentials: nobody else may reach it, so any other
 * address (0.0.0.0, a LAN address, a name that could resolve to one) is refused.
 */
export const loopbackHostOf = (host: string): string => {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIPv4(bare) && bare.startsWith('127.')) return bare;
  if (isIPv6(bare) && (bare === '::1' || bare === '0:0:0:0:0:0:0:1')) return '::1';
  throw new ConsoleAddressError(
    `the console listens on loopback only (127.0.0.1 or ::1), not ${host}: it can replay, purge and start runs`,
  );
};

/** `127.0.0.1:8642`, `[::1]:8642`: how the address is written in a URL's authority and a Host header. */
export const authorityOf = (host: string, port: number): string =>
  `${host.includes(':') ? `[${host}]` : host}:${port}`;

/**
 * The Host headers the console answers: its own address, and `localhost` at its port. Any other name is a
 * page of another site pointing its name at this machine (DNS rebinding), and gets nothing.
 */
export const acceptedHostsOf = (host: string, port: number): Set<string> =>
  new Set([authorityOf(host, port), `localhost:${port}`]);

/** The origins a state-changing request may come from: the console's own pages. */
export const acceptedOriginsOf = (host: string, port: number): Set<string> =>
  new Set([...acceptedHostsOf(host, port)].map((authority) => `http://${authority}`));
