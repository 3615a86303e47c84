import { describeError } from '@sluice/runtime';

/**
 * Fails early, naming the variable to change, when the source cannot be reached: otherwise every page of
 * the run would end in a DLQ after its retries, minutes later.
 */
export const assertSourceReachable = async (url: string, timeoutMs = 10_000): Promise<void> => {
  let problem: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (response.ok) return;
    problem = `it answered ${response.status}`;
  } catch (error) {
    problem = errorCodeOf(error) ?? describeError(error);
  }
  throw new Error(
    `cannot reach the Rick and Morty API at ${url} (${problem}). Set RICK_AND_MORTY_API_URL to a reachable ` +
      'copy of the API, or run `npm start -- --offline` to use the bundled dataset.',
  );
};

// fetch wraps the socket error (ECONNREFUSED, ENOTFOUND) a cause or two deep.
const errorCodeOf = (error: unknown): string | undefined => {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current instanceof AggregateError) return errorCodeOf(current.errors[0]);
  }
  return undefined;
};
