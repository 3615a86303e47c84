import type { CeilingFigures } from './ceiling/measure-ceiling.ts';
import type { ConsoleFigures } from './console/measure-console.ts';
import type { FloorFigures } from './floor/measure-floor.ts';
import type { BenchOptions } from './options.ts';
import type { DltRunFigures } from './peer/measure-dlt.ts';
import type { Machine } from './report/describe-machine.ts';
import type { BundleFigures } from './report/measure-bundles.ts';
import type { SakilaSnapshotFigures } from './sakila/measure-sakila-snapshot.ts';
import type { SluiceRunFigures } from './sluice/measure-sluice-run.ts';
import type { SourceSize } from './source/source-size.ts';

export interface SourceFigures {
  seed: number;
  size: SourceSize;
  pages: number;
  records: number;
  links: number;
  /** Rows the warehouse ends up with: every record plus every link. */
  rows: number;
}

/** A part of the bench that could not be measured, and why; the rest is still reported. */
export interface Skipped {
  skipped: string;
}

/** Everything one `npm run bench` measured, kept as JSON beside the report. */
export interface BenchResults {
  options: BenchOptions;
  machine: Machine;
  loadAtEnd: number;
  source: SourceFigures;
  scaledSource: SourceFigures;
  sluice: SluiceRunFigures[];
  scaledSluice: SluiceRunFigures[];
  ceiling: CeilingFigures;
  /** What no ETL can beat here: the source fetched plus the rows written at plain mysql2's best. */
  floor: FloorFigures;
  peer: DltRunFigures[] | Skipped;
  bundles: BundleFigures[] | Skipped;
  /** Left out of --quick: it takes about a minute more even at its smallest. */
  sakilaSnapshot: SakilaSnapshotFigures | Skipped;
}

/** What `npm run bench -- --only sakila-snapshot` measured. */
export type SnapshotBenchResults = Pick<BenchResults, 'options' | 'machine' | 'loadAtEnd'> & {
  sakilaSnapshot: SakilaSnapshotFigures;
};

export type ConsoleBenchResults = Pick<BenchResults, 'options' | 'machine' | 'loadAtEnd'> & {
  console: ConsoleFigures;
};

export const isSkipped = (value: unknown): value is Skipped =>
  typeof value === 'object' && value !== null && 'skipped' in value;
