import type { Rejection } from './read-rejected-records.ts';

export interface RejectReason {
  resource: string;
  reason: string;
  /** Records rejected for it, among those read. */
  count: number;
}

/**
 * The commonest reasons records were rejected for, `perResource` of them for each resource, most
 * frequent first: what a run's summary shows so that nobody has to go looking for why.
 */
export const reasonsByResource = (rejections: readonly Rejection[], perResource = 3): RejectReason[] => {
  const counts = new Map<string, Map<string, number>>();
  for (const { resource, reason } of rejections) {
    const reasons = counts.get(resource) ?? new Map<string, number>();
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    counts.set(resource, reasons);
  }
  return [...counts].flatMap(([resource, reasons]) =>
    [...reasons]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, perResource)
      .map(([reason, count]) => ({ resource, reason, count })),
  );
};
