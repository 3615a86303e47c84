/** The error, its causes (drizzle wraps the driver's error as `cause`) and an AggregateError's members. */
export const errorChainOf = (error: unknown, depth = 0): object[] => {
  if (typeof error !== 'object' || error === null || depth > 5) return [];
  const members = error instanceof AggregateError ? error.errors : [];
  return [
    error,
    ...errorChainOf((error as { cause?: unknown }).cause, depth + 1),
    ...members.flatMap((member) => errorChainOf(member, depth + 1)),
  ];
};
