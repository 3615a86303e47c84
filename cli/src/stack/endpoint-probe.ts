import { connect } from 'node:net';
import { parseEndpointAddress } from './endpoint-address.ts';

/** Short timeouts: these run in a polling loop, and a hung socket must not eat the readiness budget. */
const PROBE_TIMEOUT_MS = 2_000;

const get = async (url: string): Promise<Response | null> => {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch {
    return null;
  }
};

const getJson = async (url: string): Promise<unknown> => {
  const response = await get(url);
  if (!response?.ok) return null;
  return response.json().catch(() => null);
};

const joinUrl = (endpoint: string, path: string): string => new URL(path, endpoint).toString();

/** The LocalStack version when LocalStack answers on the endpoint (even if still starting), otherwise null. */
export const probeLocalstackVersion = async (endpoint: string): Promise<string | null> => {
  const body = await getJson(joinUrl(endpoint, '/_localstack/health'));
  const version = (body as { version?: unknown } | null)?.version;
  return typeof version === 'string' ? version : null;
};

/** LocalStack answers /health early; init/ready says its services and init hooks are done. */
export const isLocalstackReady = async (endpoint: string): Promise<boolean> => {
  const body = await getJson(joinUrl(endpoint, '/_localstack/init/ready'));
  return (body as { completed?: unknown } | null)?.completed === true;
};

/** moto has no health route; any HTTP answer on its dashboard or root means it is serving. */
export const isMotoAnswering = async (endpoint: string): Promise<boolean> =>
  (await get(joinUrl(endpoint, '/moto-api/'))) !== null || (await get(joinUrl(endpoint, '/'))) !== null;

/**
 * Whether anything accepts TCP connections on the endpoint's port, HTTP or not. LocalStack does not exit when
 * its port is taken (it logs CannotListenError and says "Ready."), so we must look before we start it.
 */
export const isPortTaken = (endpoint: string): Promise<boolean> => {
  const { host, port } = parseEndpointAddress(endpoint);
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: PROBE_TIMEOUT_MS });
    const finish = (taken: boolean) => {
      socket.destroy();
      resolve(taken);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
};
