import { SERVICE_NAMES, type ServiceName } from '@sluice/cli';
import { STAGES } from '@sluice/contracts';
import { type BenchResults, isSkipped } from '../results.ts';
import type { SluiceRunFigures } from '../sluice/measure-sluice-run.ts';
import { dec, int } from './format-values.ts';
import type { BenchSummary, SluiceSummary } from './summarise-results.ts';

/** Issue #14's targets, each as the bench can check it. */
export const TARGETS = {
  ofDlt: 1 / 3,
  scaledRate: 1,
  loaderOfCeiling: 0.8,
  peakRssMiB: 150,
  rssGrowth: 1.1,
  coldImportMs: 150,
} as const;

export interface TargetVerdict {
  target: string;
  measured: string;
  /** null: a figure it needs was not measured. */
  met: boolean | null;
  /** "met", "not met: by how much", or why it could not be judged. */
  verdict: string;
}

// "1.04×" says more than "1.0×" when a target is only just missed.
const times = (factor: number) => `${factor < 1.1 ? factor.toFixed(2) : factor.toFixed(1)}×`;

/** A verdict from the measured value and, when it falls short, how far: `short` is only called then. */
const judge = (
  target: string,
  measured: string,
  value: number,
  passes: (value: number) => boolean,
  short: () => string,
): TargetVerdict => {
  if (!Number.isFinite(value)) return { target, measured, met: null, verdict: 'not measured' };
  const met = passes(value);
  return { target, measured, met, verdict: met ? 'met' : `not met: ${short()}` };
};

const endToEnd = ({ n, peer }: BenchSummary): TargetVerdict => {
  const ratio = peer ? peer.slower : Number.NaN;
  return judge(
    "Sluice's wall time at N ≤ ⅓ of dlt's",
    peer
      ? `Sluice takes ${dec(ratio, 2)}× dlt's time (${dec(n.seconds)} s against ${dec(peer.seconds)} s); the target is ≤ 0.33×`
      : 'dlt not measured',
    ratio,
    (value) => value <= TARGETS.ofDlt,
    () => `${times(ratio / TARGETS.ofDlt)} too slow`,
  );
};

const scaledRate = ({ n, scaled }: BenchSummary): TargetVerdict => {
  const ratio = scaled.recordsPerSecond / n.recordsPerSecond;
  return judge(
    'records/s at 4N ≥ at N',
    `${int(scaled.recordsPerSecond)} records/s at 4N, ${int(n.recordsPerSecond)} at N (${dec(ratio, 2)}×)`,
    ratio,
    (value) => value >= TARGETS.scaledRate,
    () => `${times(TARGETS.scaledRate / ratio)} too slow at 4N`,
  );
};

const loaderAlone = ({ n, ofCeiling }: BenchSummary): TargetVerdict =>
  judge(
    'loader alone, its queue full, ≥ 80 % of the ceiling',
    `${dec(ofCeiling.alone * 100)} % of the ceiling (${int(n.loaderAloneRowsPerSecond)} rows/s)`,
    ofCeiling.alone,
    (value) => value >= TARGETS.loaderOfCeiling,
    () => `${times(TARGETS.loaderOfCeiling / ofCeiling.alone)} too slow`,
  );

/** The stage with the fewest pages/s, and how many times slower load is than the slowest of the others. */
const loadAgainstOthers = (stages: SluiceRunFigures['stages'] | SluiceSummary['stages']) => {
  const others = STAGES.filter((stage) => stage !== 'load').map((stage) => stages[stage].pagesPerSecond);
  return Math.min(...others) / stages.load.pagesPerSecond;
};

const loadNeverSlowest = (results: BenchResults, { n, scaled }: BenchSummary): TargetVerdict => {
  // Every run, not the medians: "never" the slowest means in none of them.
  const factors = [...results.sluice, ...results.scaledSluice].map((run) => loadAgainstOthers(run.stages));
  const slowestIn = factors.filter((factor) => factor >= 1).length;
  const pagesPerSecond = (figures: SluiceSummary) =>
    STAGES.map((stage) => `${stage} ${dec(figures.stages[stage].pagesPerSecond)}`).join(', ');
  return judge(
    'load never the slowest stage (pages/s)',
    `N: ${pagesPerSecond(n)}; 4N: ${pagesPerSecond(scaled)}`,
    factors.length > 0 ? slowestIn : Number.NaN,
    (value) => value === 0,
    () =>
      `load is the slowest in ${slowestIn} of ${factors.length} runs (N and 4N), ${times(Math.max(...factors))} too slow in the worst`,
  );
};

const memoryTargets = ({ n, scaled }: BenchSummary): TargetVerdict[] => {
  const peak = (service: ServiceName) => Math.max(n.peakRssMiB[service], scaled.peakRssMiB[service]);
  const growth = (service: ServiceName) => scaled.peakRssMiB[service] / n.peakRssMiB[service];
  const worst = (of: (service: ServiceName) => number) => Math.max(...SERVICE_NAMES.map(of));
  const listOver = (of: (service: ServiceName) => number, limit: number) =>
    SERVICE_NAMES.filter((service) => of(service) > limit)
      .map((service) => `${service} ${times(of(service) / limit)} over`)
      .join(', ');
  return [
    judge(
      'peak RSS ≤ 150 MiB per service, at N and at 4N',
      `${SERVICE_NAMES.map(
        (service) => `${service} ${int(n.peakRssMiB[service])} / ${int(scaled.peakRssMiB[service])}`,
      ).join(', ')} MiB (N / 4N)`,
      worst(peak),
      (value) => value <= TARGETS.peakRssMiB,
      () => listOver(peak, TARGETS.peakRssMiB),
    ),
    judge(
      'peak RSS at 4N / at N ≤ 1.10 per service',
      SERVICE_NAMES.map((service) => `${service} ${dec(growth(service), 2)}`).join(', '),
      worst(growth),
      (value) => value <= TARGETS.rssGrowth,
      () => listOver(growth, TARGETS.rssGrowth),
    ),
  ];
};

const coldImport = ({ bundles }: BenchResults): TargetVerdict => {
  const measured = isSkipped(bundles) ? [] : bundles;
  const slowest = measured.length > 0 ? Math.max(...measured.map((b) => b.coldImportMs)) : Number.NaN;
  return judge(
    'cold import ≤ 150 ms per Lambda bundle',
    isSkipped(bundles)
      ? bundles.skipped
      : `${measured.map((b) => `${b.bundle} ${int(b.coldImportMs)}`).join(', ')} ms`,
    slowest,
    (value) => value <= TARGETS.coldImportMs,
    () =>
      measured
        .filter((b) => b.coldImportMs > TARGETS.coldImportMs)
        .map((b) => `${b.bundle} ${times(b.coldImportMs / TARGETS.coldImportMs)} too slow`)
        .join(', '),
  );
};

/** Every target of #14, in the issue's order, judged from one bench's figures. */
export const evaluateTargets = (results: BenchResults, summary: BenchSummary): TargetVerdict[] => [
  endToEnd(summary),
  scaledRate(summary),
  loaderAlone(summary),
  loadNeverSlowest(results, summary),
  ...memoryTargets(summary),
  coldImport(results),
];
