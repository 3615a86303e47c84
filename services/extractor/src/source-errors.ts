import { SluiceError } from '@sluice/runtime';

/**
 * The source failed to give a usable page. Throttling, server errors, timeouts and broken bodies are
 * retryable (the message returns to the queue); a 4xx other than 408/429 is not.
 */
export class SourceError extends SluiceError {
  override name = 'SourceError';
}

export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 429 || status >= 500;
