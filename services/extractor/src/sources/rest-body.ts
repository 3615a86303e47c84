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

/**
 * The value at a dot path (`info.next`, `data.0.id`), or undefined when a step is missing. Only own
 * properties are read, so a path like `constructor` finds nothing rather than a prototype's member.
 */
export const valueAtPath = (root: unknown, path: string): unknown => {
  let current = root;
  for (const step of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(step)) current = current[Number(step)];
    else if (typeof current === 'object' && current !== null && Object.hasOwn(current, step)) {
      current = (current as Record<string, unknown>)[step];
    } else return undefined;
  }
  return current;
};
