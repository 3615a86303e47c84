/**
 * Several messages of one queue sent as one SQS message: `{ "version": 1, "type": "bundle", "messages":
 * [ … ] }`. A stage's pages cost SQS and S3 requests per message received, sent and deleted, and the
 * emulator (like SQS's bill) charges per request, not per byte; a bundle of pages costs what one page
 * did. The receiving face unbundles it before anything else looks at a message, so each message inside
 * is still handled, retried and dead-lettered alone (runtime/src/message-bundles.ts).
 */
export const MESSAGE_BUNDLE_TYPE = 'bundle';

/** The messages a parsed body bundles, or null when it is a message of its own. */
export const messagesOfBundle = (parsed: unknown): unknown[] | null => {
  if (typeof parsed !== 'object' || parsed === null) return null;
  const fields = parsed as { type?: unknown; messages?: unknown };
  return fields.type === MESSAGE_BUNDLE_TYPE && Array.isArray(fields.messages) ? fields.messages : null;
};

/** The body of a bundle of message bodies (each already JSON), without parsing them again. */
export const bundleBody = (bodies: readonly string[]): string =>
  `{"version":1,"type":"${MESSAGE_BUNDLE_TYPE}","messages":[${bodies.join(',')}]}`;
