import { existsSync } from 'node:fs';
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

/**
 * The four bundles as Lambda assets. Checked up front because `Code.fromAsset` only fails at synthesis,
 * with a bare "Cannot find asset" that does not say what to do.
 */
export const loadServiceCode = (repoRoot: string): ServiceCode => {
  const missing = Object.values(BUNDLE_DIRS)
    .map((dir) => join(dir, 'index.mjs'))
    .filter((file) => !existsSync(join(repoRoot, file)));
  if (missing.length > 0) throw new MissingBundleError(missing);
  const asset = (dir: string) => lambda.Code.fromAsset(join(repoRoot, dir));
  return {
    extractor: asset(BUNDLE_DIRS.extractor),
    transformer: asset(BUNDLE_DIRS.transformer),
    loader: asset(BUNDLE_DIRS.loader),
    migrate: asset(BUNDLE_DIRS.migrate),
  };
};
