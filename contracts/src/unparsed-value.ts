/**
 * What an extractor's cleaning step leaves in a record when it cannot read the value (`to_number` on
 * "call us", a `regex` that does not match): not a silent null, but a marker the transformer turns into a
 * rejection naming the step and the value.
 */
export const UNPARSED = '$sluice_unparsed';

export interface UnparsedValue {
  [UNPARSED]: { step: string; value: string };
}

export const unparsedValue = (step: string, value: string): UnparsedValue => ({
  [UNPARSED]: { step, value },
});

/** The step and value of an unparsed marker; null for any other value. */
export const readUnparsed = (value: unknown): UnparsedValue[typeof UNPARSED] | null => {
  if (typeof value !== 'object' || value === null || !(UNPARSED in value)) return null;
  const marker = (value as UnparsedValue)[UNPARSED];
  return typeof marker?.step === 'string' && typeof marker.value === 'string' ? marker : null;
};
