const MAX_SHOWN = 80;

/** A source value as a reason quotes it: JSON, cut short, since a rejected record can be large. */
export const showValue = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
};
