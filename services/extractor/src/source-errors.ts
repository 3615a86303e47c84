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

/**
 * A URL outside the pipeline's declared source: a message, a link or a redirect that would make the
 * extractor call a host nobody declared. Never retryable: the same URL is refused every time, so its
 * message goes to the DLQ at once with this reason, and no request is made.
 */
export class ForeignHostError extends SluiceError {
  override name = 'ForeignHostError';
  constructor(input: { pipeline: string; url: string; host: string; allowed: string; subject: string }) {
    const { pipeline, url, host, allowed, subject } = input;
    super(
      `refused ${subject}: host ${host} is outside pipeline ${pipeline}'s source, which allows ${allowed}`,
      {
        context: { pipeline, url, host },
        retryable: false,
      },
    );
  }
}
