import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@sluice/cli';

export interface BundleFigures {
  bundle: string;
  indexKiB: number;
  /** The whole unzipped folder Lambda gets (index.mjs, its chunks, the pipeline files). */
  unzippedKiB: number;
  zipKiB: number;
  coldImportMs: number;
}

const SERVICES = ['@sluice/extractor', '@sluice/transformer', '@sluice/loader'];

// Where each bundle scripts/measure-bundles.mjs reports on is built (its own list, which names no folder).
const BUNDLE_FOLDERS: Record<string, string> = {
  extractor: 'services/extractor/dist/lambda',
  transformer: 'services/transformer/dist/lambda',
  loader: 'services/loader/dist/lambda',
  migrate: 'services/loader/dist/migrate',
};

const bytesUnder = (folder: string): number =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);

const unzippedKiBOf = (bundle: string): number => {
  const folder = BUNDLE_FOLDERS[bundle];
  if (!folder) {
    throw new Error(
      `scripts/measure-bundles.mjs measured a bundle '${bundle}' that BUNDLE_FOLDERS does not place`,
    );
  }
  return Math.round(bytesUnder(join(PROJECT_ROOT, folder)) / 1024);
};

// A bundle that fails to import prints the minified line it failed on: thousands of characters that
// would bury the error message itself.
const tailOf = (output: string): string =>
  output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-20)
    .map((line) => (line.length > 240 ? `${line.slice(0, 240)}…` : line))
    .join('\n');

const run = (command: string, args: string[]): string => {
  const result = spawnSync(command, args, {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${tailOf(`${result.stdout}${result.stderr}`)}`);
  }
  return result.stdout;
};

/**
 * Builds the three services' Lambda bundles (Turborepo's cache makes this instant when nothing changed),
 * then runs scripts/measure-bundles.mjs: each bundle's size and its median cold import time; and the
 * size of each bundle's whole folder, which is what Lambda unzips and what a chunked bundle really weighs.
 */
export const measureBundles = (runs: number): BundleFigures[] => {
  const turbo = join(PROJECT_ROOT, 'node_modules', '.bin', 'turbo');
  run(turbo, ['run', 'build', '--output-logs=errors-only', ...SERVICES.map((name) => `--filter=${name}`)]);
  const output = run(process.execPath, ['scripts/measure-bundles.mjs', '--json', '--runs', String(runs)]);
  const measured = JSON.parse(output) as Omit<BundleFigures, 'unzippedKiB'>[];
  return measured.map((figures) => ({ ...figures, unzippedKiB: unzippedKiBOf(figures.bundle) }));
};
