import type { SourceNetworkSettings } from './source-network.ts';

/** What `cdk … -c key=value` (or cdk.json's `context`) can set. */
export interface AppOptions {
  prefix?: string;
  alarmEmail?: string;
  extractorEnvironment?: Record<string, string>;
  sourceSecrets?: Record<string, string>;
  /** Its fields are checked by the stack (assertValidSourceNetwork), as for settings given in code. */
  sourceNetwork?: SourceNetworkSettings;
}

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object from cdk.json (an object) or from the command line (`-c key='{"A":"b"}'`, a JSON string). */
const objectOf = (
  key: string,
  value: unknown,
  { what, example }: { what: string; example: string },
): Record<string, unknown> | undefined => {
  if (value === undefined || value === '') return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error(`Context ${key} must be a JSON ${what}, e.g. '${example}'`);
    }
  }
  if (!isObject(parsed)) throw new Error(`Context ${key} must be an ${what}, e.g. ${example}`);
  return parsed;
};

const STRING_MAP = { what: 'object of strings', example: '{"NAME":"value"}' };

/** A map of strings, e.g. `{"NAME":"value"}`. */
const mapOf = (key: string, value: unknown): Record<string, string> | undefined => {
  const parsed = objectOf(key, value, STRING_MAP);
  if (parsed && !Object.values(parsed).every((entry) => typeof entry === 'string')) {
    throw new Error(`Context ${key} must be an ${STRING_MAP.what}, e.g. ${STRING_MAP.example}`);
  }
  return parsed as Record<string, string> | undefined;
};

/** The app's options from its context, read by `tryGetContext`. */
export const readAppOptions = (tryGetContext: (key: string) => unknown): AppOptions => {
  const prefix = stringOf(tryGetContext('prefix'));
  const alarmEmail = stringOf(tryGetContext('alarmEmail'));
  const extractorEnvironment = mapOf('extractorEnvironment', tryGetContext('extractorEnvironment'));
  const sourceSecrets = mapOf('sourceSecrets', tryGetContext('sourceSecrets'));
  const sourceNetwork = objectOf('sourceNetwork', tryGetContext('sourceNetwork'), {
    what: 'object',
    example: '{"vpcId":"vpc-…","subnetIds":["subnet-…"],"databaseSecurityGroupId":"sg-…"}',
  }) as SourceNetworkSettings | undefined;
  return {
    ...(prefix && { prefix }),
    ...(alarmEmail && { alarmEmail }),
    ...(extractorEnvironment && { extractorEnvironment }),
    ...(sourceSecrets && { sourceSecrets }),
    ...(sourceNetwork && { sourceNetwork }),
  };
};
