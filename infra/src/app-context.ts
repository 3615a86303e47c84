/** What `cdk … -c key=value` (or cdk.json's `context`) can set. */
export interface AppOptions {
  prefix?: string;
  alarmEmail?: string;
  extractorEnvironment?: Record<string, string>;
  sourceSecrets?: Record<string, string>;
}

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** A map from cdk.json (an object) or from the command line (`-c key='{"A":"b"}'`, a JSON string). */
const mapOf = (key: string, value: unknown): Record<string, string> | undefined => {
  if (value === undefined || value === '') return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error(`Context ${key} must be a JSON object of strings, e.g. '{"NAME":"value"}'`);
    }
  }
  const isMap =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((entry) => typeof entry === 'string');
  if (!isMap) throw new Error(`Context ${key} must be an object of strings, e.g. {"NAME":"value"}`);
  return parsed as Record<string, string>;
};

/** The app's options from its context, read by `tryGetContext`. */
export const readAppOptions = (tryGetContext: (key: string) => unknown): AppOptions => {
  const prefix = stringOf(tryGetContext('prefix'));
  const alarmEmail = stringOf(tryGetContext('alarmEmail'));
  const extractorEnvironment = mapOf('extractorEnvironment', tryGetContext('extractorEnvironment'));
  const sourceSecrets = mapOf('sourceSecrets', tryGetContext('sourceSecrets'));
  return {
    ...(prefix && { prefix }),
    ...(alarmEmail && { alarmEmail }),
    ...(extractorEnvironment && { extractorEnvironment }),
    ...(sourceSecrets && { sourceSecrets }),
  };
};
