import { type ConfigurationFingerprint, fingerprintOfProcess } from '@sluice/runtime';
import { type CliEnv, serviceEnvOf } from '../config.ts';

/**
 * The fingerprint the services this CLI starts would announce: they inherit its environment, with the
 * CLI's view of the platform (and any `overrides`, such as the offline API's URL) laid over it.
 */
export const fingerprintOfServices = (
  env: CliEnv,
  overrides: Record<string, string> = {},
  variables: Record<string, string | undefined> = process.env,
): Promise<ConfigurationFingerprint> =>
  fingerprintOfProcess({ ...variables, ...serviceEnvOf(env, overrides) });
