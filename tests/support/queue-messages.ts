import { unbundle } from '@sluice/runtime';

/**
 * The messages received bodies hold, as a stage sees them: a bundle (several messages sent as one) gives
 * each of its messages, as JSON text, taken apart as the services take it apart.
 */
export const messageBodiesIn = (bodies: readonly string[]): string[] =>
  bodies.flatMap(
    (body) => unbundle({ messageId: undefined, body, attempts: 1 })?.map((message) => message.body) ?? [body],
  );
