/** Base of every error raised while reading a message or staged object that breaks its contract. */
export class ContractError extends Error {
  /** Never retryable: the same bytes will fail the same way, so the message belongs in a DLQ. */
  readonly retryable = false;
  override name = 'ContractError';
  readonly context: Record<string, unknown>;
  constructor(message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.context = context;
  }
}
