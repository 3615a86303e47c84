import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRickAndMortyApi } from '@sluice/fixtures';
import { createConnection } from 'mysql2/promise';
import { assertCounts } from '../assert-counts.ts';
import type { SyntheticSource } from '../source/synthetic-dataset.ts';
import { DLT_DIR } from './dlt-venv.ts';

export interface DltRunFigures {
  version: string;
  /** extract + normalize + load, timed inside the Python process. */
  seconds: number;
  steps: { extract: number; normalize: number; load: number };
  /** The same plus starting Python and importing dlt. */
  secondsWithStartup: number;
  rows: Record<string, number>;
}

interface DltOutput {
  dlt: string;
  seconds: { extract: number; normalize: number; load: number };
  rows: Record<string, number>;
}

const runPython = (python: string, args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    // -W ignore: SQLAlchemy 2.1 warns about dlt's merge queries on every table, which says nothing here.
    const child = spawn(python, ['-W', 'ignore', join(DLT_DIR, 'rickandmorty_dlt.py'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`dlt exited with ${code}:\n${stderr.slice(-3000)}`)),
    );
  });

const assertComplete = (rows: Record<string, number>, { size, links }: SyntheticSource): void =>
  assertCounts('dlt did not load the whole source', rows, {
    locations: size.locations,
    episodes: size.episodes,
    characters: size.characters,
    characters__episode: links,
  });

/**
 * One dlt run: the same source on its own loopback port, loaded into a fresh database on the same server
 * (dlt makes it and a `_staging` twin for merging); both are dropped afterwards.
 */
export const measureDltRun = async (
  source: SyntheticSource,
  options: { python: string; databaseServer: string },
): Promise<DltRunFigures> => {
  const api = await startRickAndMortyApi({ dataset: source.dataset });
  const dataset = `sluice_bench_dlt_${randomBytes(3).toString('hex')}`;
  const pipelinesDir = mkdtempSync(join(tmpdir(), 'sluice-bench-dlt-'));
  const server = new URL(options.databaseServer);
  server.pathname = '/';
  try {
    const started = performance.now();
    const stdout = await runPython(options.python, [
      '--api-url',
      api.url,
      '--database-url',
      server.toString().replace(/^mysql:/, 'mysql+pymysql:'),
      '--dataset',
      dataset,
      '--pipelines-dir',
      pipelinesDir,
    ]);
    const secondsWithStartup = (performance.now() - started) / 1000;
    const output = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as DltOutput;
    assertComplete(output.rows, source);
    const { extract, normalize, load } = output.seconds;
    return {
      version: output.dlt,
      seconds: extract + normalize + load,
      steps: output.seconds,
      secondsWithStartup,
      rows: output.rows,
    };
  } finally {
    await api.close();
    rmSync(pipelinesDir, { recursive: true, force: true });
    const connection = await createConnection({ uri: server.toString() });
    await connection.query(`DROP DATABASE IF EXISTS \`${dataset}\``);
    await connection.query(`DROP DATABASE IF EXISTS \`${dataset}_staging\``);
    await connection.end();
  }
};
