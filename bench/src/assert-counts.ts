/** Figures of a run that did not load exactly the source are meaningless: fail with both sides instead. */
export const assertCounts = (
  what: string,
  actual: Record<string, unknown>,
  expected: Record<string, unknown>,
): void => {
  const wrong = Object.keys(expected).filter((key) => actual[key] !== expected[key]);
  if (wrong.length > 0) {
    const show = (side: Record<string, unknown>) =>
      wrong.map((key) => `${key} ${String(side[key])}`).join(', ');
    throw new Error(`${what}: expected ${show(expected)}; got ${show(actual)}`);
  }
};
