import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { bundleBody, messagesOfBundle } from '@sluice/contracts';
import { describeError } from './errors.ts';
import type { Logger } from './logger.ts';

// Messages in one bundle: a receive of ten bundles is then 250 pages, handled 50 at a time (settleBatch).
// Past about 25 the requests saved no longer show; a bundle's pages are also what comes back whole if a
// process dies while handling it.
export const BUNDLE_MAX_MESSAGES = 25;
// Under SQS's 256 KiB per message, with room for the bundle's own fields.
export const BUNDLE_MAX_BYTES = 200 * 1024;

/**
 * The attribute of a message taken out of its bundle to be retried alone: the attempts it had in the
 * bundle, which its own receive count (starting again at 1) adds to.
 */
export const PREVIOUS_ATTEMPTS_ATTRIBUTE = 'sluice-previous-attempts';

/** The attempts a message had before it was received as it is now, from its attribute's value. */
export const previousAttemptsOf = (value: string | undefined): number => {
  const attempts = Number(value);
  return Number.isInteger(attempts) && attempts > 0 ? attempts : 0;
};

export interface Bundled<T> {
  /** Whoever asked for each message inside, in order. */
  owners: T[];
  body: string;
  bytes: number;
}

/**
 * Message bodies (JSON text) packed in order into bundles of at most BUNDLE_MAX_MESSAGES and
 * BUNDLE_MAX_BYTES; a body alone in its bundle goes as it is.
 */
export const packBundles = <T>(entries: readonly { owner: T; body: string }[]): Bundled<T>[] => {
  const packed: Bundled<T>[] = [];
  let owners: T[] = [];
  let bodies: string[] = [];
  let bytes = 0;
  const close = () => {
    if (bodies.length === 0) return;
    const body = bodies.length === 1 ? (bodies[0] as string) : bundleBody(bodies);
    packed.push({ owners, body, bytes: Buffer.byteLength(body) });
    owners = [];
    bodies = [];
    bytes = 0;
  };
  for (const { owner, body } of entries) {
    const size = Buffer.byteLength(body) + 1;
    if (bodies.length === BUNDLE_MAX_MESSAGES || (bodies.length > 0 && bytes + size > BUNDLE_MAX_BYTES))
      close();
    owners.push(owner);
    bodies.push(body);
    bytes += size;
  }
  close();
  return packed;
};

/** A message as a face hands it on: a bundle is taken apart, each message inside one of these. */
export interface UnbundledMessage {
  messageId: string | undefined;
  body: string;
  attempts: number;
  /** Set on a message that came in a bundle: a retry takes it out (requeueAlone), the bundle is done. */
  inBundle?: true;
}

/**
 * The messages a received body holds: itself, or each of its bundle's, with the bundle's attempts and
 * an id of their own (`<bundle id>#<n>`). Bodies that cannot be parsed stay as they are, for the stage
 * to refuse with its own reason.
 */
export const unbundle = (message: {
  messageId: string | undefined;
  body: string;
  attempts: number;
}): UnbundledMessage[] | null => {
  // Only a body naming a bundle is parsed here; every other one is parsed once, by its stage.
  if (!message.body.includes('"bundle"')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.body);
  } catch {
    return null;
  }
  const inside = messagesOfBundle(parsed);
  if (!inside) return null;
  return inside.map((inner, index) => ({
    messageId: `${message.messageId ?? 'bundle'}#${index + 1}`,
    body: JSON.stringify(inner),
    attempts: message.attempts,
    inBundle: true,
  }));
};

/**
 * Sends a message that failed inside its bundle back to the queue alone, to return after `delaySeconds`
 * with the attempts it had: it then retries and dead-letters alone while the rest of its bundle is done.
 * False when it could not be sent: the whole bundle must then come back.
 */
export const requeueAlone = async (
  sqs: SQSClient,
  queueUrl: string,
  message: { body: string; attempts: number },
  delaySeconds: number,
  log: Logger,
): Promise<boolean> => {
  try {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: message.body,
        DelaySeconds: Math.min(delaySeconds, 900),
        MessageAttributes: {
          [PREVIOUS_ATTEMPTS_ATTRIBUTE]: { DataType: 'Number', StringValue: String(message.attempts) },
        },
      }),
    );
    return true;
  } catch (error) {
    log.warn(
      { reason: describeError(error) },
      'could not send the message back alone; its bundle comes back',
    );
    return false;
  }
};
