import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@sluice/cli';

export interface BundleFigures {
  bundle: string;
  indexKiB: number;
  zipKiB: number;
  coldImportMs: number;
}

const SERVICES = ['@sluice/extractor', '@sluice/transformer', '@sluice/loader'];

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
 * then runs scripts/measure-bundles.mjs: each bundle's size and its median cold import time.
 */
export const measureBundles = (runs: number): BundleFigures[] => {
  const turbo = join(PROJECT_ROOT, 'node_modules', '.bin', 'turbo');
  run(turbo, ['run', 'build', '--output-logs=errors-only', ...SERVICES.map((name) => `--filter=${name}`)]);
  const output = run(process.execPath, ['scripts/measure-bundles.mjs', '--json', '--runs', String(runs)]);
  return JSON.parse(output) as BundleFigures[];
};
