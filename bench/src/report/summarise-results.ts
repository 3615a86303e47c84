import { SERVICE_NAMES, type ServiceName } from '@sluice/cli';
import { STAGES, type Stage } from '@sluice/contracts';
import { type BenchResults, isSkipped } from '../results.ts';
import type { SluiceRunFigures } from '../sluice/measure-sluice-run.ts';
import { medianOf } from '../stats.ts';

export interface SluiceSummary {
  runs: number;
  seconds: number;
  secondsWithStartup: number;
  recordsPerSecond: number;
  /** Pages each run loaded (median), and the most any run skipped as unchanged (must be 0: full work). */
  pages: { loaded: number; skipped: number };
  stages: Record<Stage, { pagesPerSecond: number; medianPageMs: number }>;
  loadRowsPerSecond: number;
  loaderAloneRowsPerSecond: number;
  loaderAlonePagesPerSecond: number;
  peakRssMiB: Record<ServiceName, number>;
  /** Cores each service kept busy on average, from start-up to the last page. */
  coresBusy: Record<ServiceName, number>;
  machineCoresBusy: number;
}

export interface BenchSummary {
  n: SluiceSummary;
  scaled: SluiceSummary;
  /** Sluice's rows/s over the ceiling's best: in the run, and alone with a full queue. */
  ofCeiling: { run: number; alone: number };
  /** How many times dlt's wall time Sluice takes: pipeline only, and with process start-up. */
  peer: {
    seconds: number;
    secondsWithStartup: number;
    steps: Record<string, number>;
    slower: number;
    slowerWithStartup: number;
    version: string;
  } | null;
  /** The floor's seconds, and Sluice's and dlt's wall time as multiples of it (dlt runs at N only). */
  floor: {
    n: { seconds: number; sluice: number; dlt: number };
    scaled: { seconds: number; sluice: number };
  };
}

/** Medians over the runs: the figures the report prints. */
export const summariseSluice = (runs: readonly SluiceRunFigures[]): SluiceSummary => ({
  runs: runs.length,
  seconds: medianOf(runs, (run) => run.seconds),
  secondsWithStartup: medianOf(runs, (run) => run.secondsWithStartup),
  recordsPerSecond: medianOf(runs, (run) => run.recordsPerSecond),
  pages: {
    loaded: medianOf(runs, (run) => run.pages.loaded),
    skipped: Math.max(...runs.map((run) => run.pages.skipped)),
  },
  stages: Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      {
        pagesPerSecond: medianOf(runs, (run) => run.stages[stage].pagesPerSecond),
        medianPageMs: medianOf(runs, (run) => run.stages[stage].medianPageMs),
      },
    ]),
  ) as SluiceSummary['stages'],
  loadRowsPerSecond: medianOf(runs, (run) => run.stages.load.rowsPerSecond),
  loaderAloneRowsPerSecond: medianOf(runs, (run) => run.loaderAlone?.rowsPerSecond),
  loaderAlonePagesPerSecond: medianOf(runs, (run) => run.loaderAlone?.pagesPerSecond),
  peakRssMiB: perService((service) => medianOf(runs, (run) => run.peakRssMiB[service])),
  coresBusy: perService((service) =>
    medianOf(runs, (run) => (run.cpuSeconds[service] ?? Number.NaN) / run.secondsWithStartup),
  ),
  machineCoresBusy: medianOf(runs, (run) => run.machineCoresBusy),
});

const perService = (pick: (service: ServiceName) => number) =>
  Object.fromEntries(SERVICE_NAMES.map((service) => [service, pick(service)])) as Record<ServiceName, number>;

export const summariseBench = (results: BenchResults): BenchSummary => {
  const n = summariseSluice(results.sluice);
  const ceiling = results.ceiling.bestRowsPerSecond;
  const peerRuns = isSkipped(results.peer) || results.peer.length === 0 ? null : results.peer;
  const peerSeconds = peerRuns ? medianOf(peerRuns, (run) => run.seconds) : Number.NaN;
  const peerWithStartup = peerRuns ? medianOf(peerRuns, (run) => run.secondsWithStartup) : Number.NaN;
  const scaled = summariseSluice(results.scaledSluice);
  const { floor } = results;
  return {
    n,
    scaled,
    ofCeiling: { run: n.loadRowsPerSecond / ceiling, alone: n.loaderAloneRowsPerSecond / ceiling },
    peer: peerRuns
      ? {
          version: peerRuns[0]?.version ?? '?',
          seconds: peerSeconds,
          secondsWithStartup: peerWithStartup,
          steps: Object.fromEntries(
            (['extract', 'normalize', 'load'] as const).map((step) => [
              step,
              medianOf(peerRuns, (run) => run.steps[step]),
            ]),
          ),
          slower: n.seconds / peerSeconds,
          slowerWithStartup: n.secondsWithStartup / peerWithStartup,
        }
      : null,
    floor: {
      n: {
        seconds: floor.n.seconds,
        sluice: n.seconds / floor.n.seconds,
        dlt: peerSeconds / floor.n.seconds,
      },
      scaled: { seconds: floor.scaled.seconds, sluice: scaled.seconds / floor.scaled.seconds },
    },
  };
};
