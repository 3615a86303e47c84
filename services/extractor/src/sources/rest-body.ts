import { SourceError } from '../source-errors.ts';

/** A page body as JSON. One that does not parse is usually a dropped connection: worth another try. */
export const parsePageBody = (body: string, url: string): unknown => {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new SourceError(`GET ${url} returned a body that is not JSON (${body.length} bytes)`, {
      context: { url },
      cause: error,
    });
  }
};
