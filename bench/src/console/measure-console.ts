import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsole } from '@sluice/cli';
import { createBenchDeployment } from '../sluice/bench-deployment.ts';
import { median } from '../stats.ts';
import { seedRunLedger } from './seed-run-ledger.ts';

/** One page of the console, rendered `samples` times: its median, fastest and slowest, and its size. */
export interface RenderFigures {
  path: string;
  label: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  bytes: number;
}

export interface ConsoleFigures {
  pages: number;
  runs: number;
  samples: number;
  renders: RenderFigures[];
}

const timeRender = async (url: string): Promise<{ ms: number; bytes: number }> => {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200)
    throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 400)}`);
  return { ms, bytes: Buffer.byteLength(body) };
};

/**
 * A run of `pages` pages in the ledger of a deployment of its own (its database, queues and bucket,
 * deleted after), and the console's render of that run's page, its grid's next window, and the runs
 * list, each timed over HTTP `samples` times after one warm-up: the median is the figure.
 */
export const measureConsole = async (
  options: { pages: number; runs: number; samples: number },
  say: (line: string) => void,
): Promise<ConsoleFigures> => {
  const deployment = await createBenchDeployment('console');
  const logDir = mkdtempSync(join(tmpdir(), 'sluice-bench-console-'));
  try {
    say(`Console: seeding a run of ${options.pages} pages among ${options.runs} runs`);
    const seeded = await seedRunLedger(deployment.platform.warehouse.db, options);
    const running = await startConsole({
      env: deployment.env,
      platform: deployment.platform,
      host: '127.0.0.1',
      port: 0,
      logDir,
    });
    try {
      // The seeded run's resources have a third of its pages each: its grid's last window starts there.
      const perResource = Math.ceil(seeded.pages / 3);
      const lastWindow = Math.floor((perResource - 1) / 1000) * 1000 + 1;
      const pages = [
        {
          path: `runs/${seeded.runId}`,
          label: `a run of ${seeded.pages} pages (its grid's first 1,000 a resource)`,
        },
        { path: `runs/${seeded.runId}?from=${lastWindow}`, label: "the same run, its grid's last window" },
        { path: 'runs', label: `the runs list (50 of ${seeded.runs})` },
        { path: `api/runs/${seeded.runId}`, label: 'the run as JSON (`status --json`)' },
        { path: `runs/${seeded.runId}/pages/character/${perResource}`, label: 'one page of it' },
      ];
      const renders: RenderFigures[] = [];
      for (const { path, label } of pages) {
        const url = `${running.url}${path}`;
        await timeRender(url);
        const samples = [];
        for (let sample = 0; sample < options.samples; sample += 1) samples.push(await timeRender(url));
        const times = samples.map((sample) => sample.ms);
        renders.push({
          path: `/${path}`,
          label,
          medianMs: median(times),
          minMs: Math.min(...times),
          maxMs: Math.max(...times),
          bytes: samples[0]?.bytes ?? 0,
        });
        say(`Console: ${label}: median ${median(times).toFixed(0)} ms`);
      }
      return { pages: seeded.pages, runs: seeded.runs, samples: options.samples, renders };
    } finally {
      await running.close();
    }
  } finally {
    rmSync(logDir, { recursive: true, force: true });
    await deployment.destroy();
  }
};
