import * as z from 'zod';
import { ContractError } from './errors.ts';
import { MESSAGE_SCHEMAS } from './messages.ts';
import type { Stage } from './names.ts';

export type MessageOf<S extends Stage> = z.infer<(typeof MESSAGE_SCHEMAS)[S]>;

/** Parses the JSON text `body` with `schema`; throws a ContractError that says what was wrong and where. */
export const parseJson = <T extends z.ZodType>(schema: T, body: string, what: string): z.infer<T> => {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new ContractError(`${what} is not JSON: ${(error as Error).message}`, { what }, { cause: error });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ContractError(
      `${what} breaks its contract:\n${z.prettifyError(result.error)}`,
      { what },
      {
        cause: result.error,
      },
    );
  }
  return result.data;
};

/** Parses the body of a message received from the queue of `stage`. */
export const parseMessage = <S extends Stage>(stage: S, body: string): MessageOf<S> =>
  parseJson(MESSAGE_SCHEMAS[stage], body, `message on the ${stage} queue`) as MessageOf<S>;
