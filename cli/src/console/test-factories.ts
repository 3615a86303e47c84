import type { Stage } from '@sluice/contracts';
import type { ResourceProgress, RunFailure, RunPage, RunProgress } from '@sluice/warehouse';
import type { DeadLetterListing, DeadLetterRow } from '../dead-letters/types.ts';
import type { RejectedReport } from '../reports/rejected-report.ts';

export const RUN_ID = '20261125T151841Z-9ecc3a';

const empty = { waiting: 0, inFlight: 0, delayed: 0 };

export const deadLetterRow = (overrides: Partial<DeadLetterRow> = {}): DeadLetterRow => ({
  messageId: 'm-1',
  stage: 'load',
  reason: 'LoadError: Deadlock found when trying to get lock',
  reasonSource: 'sluice',
  attempts: 5,
  runId: RUN_ID,
  pipeline: 'rickandmorty',
  type: 'page.transformed',
  resource: 'character',
  page: 7,
  failedAt: '2026-11-25T15:20:00.000Z',
  ageSeconds: 125,
  receiveCount: 2,
  body: '{}',
  ...overrides,
});

export const deadLetterListing = (stage: Stage, messages: DeadLetterRow[] = []): DeadLetterListing => ({
  stage,
  queueUrl: `http://127.0.0.1:4566/000000000000/sluice-${stage}-dlq`,
  deadLetter: { ...empty, waiting: messages.length },
  messages,
  unlisted: 0,
});

export const resourceProgress = (overrides: Partial<ResourceProgress> = {}): ResourceProgress => ({
  resource: 'character',
  pages: { loaded: 2, skipped: 1, total: 4 },
  records: { extracted: 20, rejected: 1, loaded: 19 },
  rowsWritten: 40,
  ...overrides,
});

export const runProgress = (overrides: Partial<RunProgress> = {}): RunProgress => ({
  runId: RUN_ID,
  pipeline: 'rickandmorty',
  status: 'running',
  requestedAt: '2026-11-25T15:18:41.123Z',
  finishedAt: null,
  resources: [resourceProgress()],
  complete: false,
  failures: [],
  ...overrides,
});

export const runPage = (page: number, overrides: Partial<RunPage> = {}): RunPage => ({
  resource: 'character',
  page,
  status: 'loaded',
  recordsExtracted: 20,
  recordsRejected: 1,
  recordsLoaded: 19,
  rowsWritten: 40,
  loadedAt: '2026-11-25T15:18:42.000Z',
  ...overrides,
});

export const runFailure = (overrides: Partial<RunFailure> = {}): RunFailure => ({
  stage: 'extract',
  resource: 'character',
  page: 3,
  pages: { total: 4 },
  reason: 'SourceError: GET http://127.0.0.1:9/api/character?page=3 answered 500',
  failedAt: '2026-11-25T15:18:43.000Z',
  ...overrides,
});

export const rejectedReport = (overrides: Partial<RejectedReport> = {}): RejectedReport => ({
  runId: RUN_ID,
  pipeline: 'rickandmorty',
  total: 1,
  rejections: [{ resource: 'character', page: 1, index: 4, reason: 'status: required', record: { id: 5 } }],
  ...overrides,
});
