import { messagesOfBundle } from '@sluice/contracts';

/**
 * The messages received bodies hold, as a stage sees them: a bundle (several messages sent as one) gives
 * each of its messages, as JSON text.
 */
export const messageBodiesIn = (bodies: readonly string[]): string[] =>
  bodies.flatMap((body) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [body];
    }
    return messagesOfBundle(parsed)?.map((message) => JSON.stringify(message)) ?? [body];
  });
