import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { ServiceCode } from './sluice-stack.ts';

/** Where `npm run build` leaves each bundle, relative to the repository root. */
export const BUNDLE_DIRS = {
  extractor: 'services/extractor/dist/lambda',
  transformer: 'services/transformer/dist/lambda',
  loader: 'services/loader/dist/lambda',
  migrate: 'services/loader/dist/migrate',
} as const satisfies Record<keyof ServiceCode, string>;

export class MissingBundleError extends Error {
  constructor(missing: readonly string[]) {
    super(`Lambda bundles missing (${missing.join(', ')}): run npm run build first`);
    this.name = 'MissingBundleError';
  }
}

export class StaleBundleError extends Error {
  constructor(stale: readonly string[]) {
    super(`Lambda bundles out of date with pipelines/ (${stale.join('; ')}): run npm run build again`);
    this.name = 'StaleBundleError';
  }
}

/** `name.yaml → content` for the pipeline files of `dir`; empty when there is no such folder. */
const pipelineFilesIn = (dir: string): Map<string, string> => {
  if (!existsSync(dir)) return new Map();
  const names = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
  return new Map(names.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
};

/**
 * What differs between the repository's pipeline files and a bundle's copy: the stack schedules the
 * repository's, and a function refuses a message for a pipeline its copy does not declare.
 */
const pipelineDrift = (expected: Map<string, string>, bundled: Map<string, string>): string[] => [
  ...[...expected.keys()].filter((name) => !bundled.has(name)).map((name) => `${name} missing`),
  ...[...expected.entries()]
    .filter(([name, text]) => bundled.has(name) && bundled.get(name) !== text)
    .map(([name]) => `${name} differs`),
  ...[...bundled.keys()].filter((name) => !expected.has(name)).map((name) => `${name} removed since`),
];

/**
 * The four bundles as Lambda assets. Checked up front because `Code.fromAsset` only fails at synthesis,
 * with a bare "Cannot find asset" that does not say what to do; and each must carry the pipeline files
 * the stack schedules (the build copies them beside the code).
 */
export const loadServiceCode = (repoRoot: string): ServiceCode => {
  const missing = Object.values(BUNDLE_DIRS)
    .map((dir) => join(dir, 'index.mjs'))
    .filter((file) => !existsSync(join(repoRoot, file)));
  if (missing.length > 0) throw new MissingBundleError(missing);
  const pipelines = pipelineFilesIn(join(repoRoot, 'pipelines'));
  const stale = Object.values(BUNDLE_DIRS).flatMap((dir) => {
    const drift = pipelineDrift(pipelines, pipelineFilesIn(join(repoRoot, dir, 'pipelines')));
    return drift.length > 0 ? [`${dir}: ${drift.join(', ')}`] : [];
  });
  if (stale.length > 0) throw new StaleBundleError(stale);
  const asset = (dir: string) => lambda.Code.fromAsset(join(repoRoot, dir));
  return {
    extractor: asset(BUNDLE_DIRS.extractor),
    transformer: asset(BUNDLE_DIRS.transformer),
    loader: asset(BUNDLE_DIRS.loader),
    migrate: asset(BUNDLE_DIRS.migrate),
  };
};
