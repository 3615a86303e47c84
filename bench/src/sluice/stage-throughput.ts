import { readFileSync } from 'node:fs';
import type { ServiceName } from '@sluice/cli';
import { STAGES, type Stage } from '@sluice/contracts';
import { median } from '../stats.ts';

export interface StageThroughput {
  pages: number;
  /** From the start of the stage's first page to the end of its last. */
  seconds: number;
  pagesPerSecond: number;
  /** Time one page spends in the stage's handler, median over the run's pages. */
  medianPageMs: number;
}

export interface LoadThroughput extends StageThroughput {
  rows: number;
  rowsPerSecond: number;
}

export type RunThroughput = Record<Exclude<Stage, 'load'>, StageThroughput> & { load: LoadThroughput };

const SERVICE_OF: Record<Stage, ServiceName> = {
  extract: 'extractor',
  transform: 'transformer',
  load: 'loader',
};

/** One `handled` line of a service's JSON log: pino's ISO `time` is when the handler returned. */
export interface HandledPage {
  endedAt: number;
  ms: number;
  rowsWritten: number;
}

export const readHandledPages = (logFile: string, runId: string): HandledPage[] =>
  readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"msg":"handled"') && line.includes(runId))
    .map((line) => JSON.parse(line) as { time: string; ms: number; page?: number; rowsWritten?: number })
    // The extractor's run.requested line names no page: it only fans the first pages out.
    .filter((entry) => typeof entry.page === 'number')
    .map((entry) => ({ endedAt: Date.parse(entry.time), ms: entry.ms, rowsWritten: entry.rowsWritten ?? 0 }));

export const throughputOf = (pages: HandledPage[]): LoadThroughput => {
  const firstStart = pages.reduce((first, page) => Math.min(first, page.endedAt - page.ms), Infinity);
  const lastEnd = pages.reduce((last, page) => Math.max(last, page.endedAt), -Infinity);
  const seconds = Math.max(lastEnd - firstStart, 1) / 1000;
  const rows = pages.reduce((sum, page) => sum + page.rowsWritten, 0);
  return {
    pages: pages.length,
    seconds,
    pagesPerSecond: pages.length / seconds,
    medianPageMs: median(pages.map((page) => page.ms)),
    rows,
    rowsPerSecond: rows / seconds,
  };
};

/** Pages per second of each stage, and rows per second of the loader, from the services' JSON logs. */
export const readRunThroughput = (logFiles: Record<ServiceName, string>, runId: string): RunThroughput => {
  const entries = STAGES.map((stage) => {
    const pages = readHandledPages(logFiles[SERVICE_OF[stage]], runId);
    if (pages.length === 0) throw new Error(`no page of run ${runId} in ${logFiles[SERVICE_OF[stage]]}`);
    const { rows, rowsPerSecond, ...figures } = throughputOf(pages);
    return [stage, stage === 'load' ? { ...figures, rows, rowsPerSecond } : figures] as const;
  });
  return Object.fromEntries(entries) as RunThroughput;
};
