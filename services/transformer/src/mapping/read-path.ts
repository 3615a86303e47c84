/**
 * The value at a dot path (`origin.url`, `data.0.id`) in a record; undefined where any step is missing.
 * Only own properties count, so a path such as `constructor` never reaches into a prototype.
 */
export const readPath = (root: unknown, path: string): unknown => {
  let value = root;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
};
