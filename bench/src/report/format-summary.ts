import { SERVICE_NAMES } from '@sluice/cli';
import { STAGES } from '@sluice/contracts';
import { type BenchResults, isSkipped } from '../results.ts';
import { evaluateTargets } from './evaluate-targets.ts';
import { snapshotSummary } from './format-snapshot.ts';
import { targetLines } from './format-targets.ts';
import { dec, int } from './format-values.ts';
import { summariseBench } from './summarise-results.ts';

/** The few lines printed at the end of a bench; the report file has the rest. */
export const formatSummary = (results: BenchResults): string => {
  const summary = summariseBench(results);
  const { n, scaled, ofCeiling, peer } = summary;
  const { source, scaledSource, ceiling, floor } = results;
  const memory = (figures: typeof n) =>
    SERVICE_NAMES.map((service) => `${service} ${int(figures.peakRssMiB[service])}`).join(', ');
  return [
    `Sluice, ${int(source.records)} records (${int(source.pages)} pages): ${n.seconds.toFixed(1)} s, ${int(n.recordsPerSecond)} records/s` +
      ` (pages loaded ${int(n.pages.loaded)}, skipped as unchanged ${int(n.pages.skipped)})`,
    `  pages/s per stage: ${STAGES.map((stage) => `${stage} ${n.stages[stage].pagesPerSecond.toFixed(1)}`).join(', ')}` +
      ` (${n.machineCoresBusy.toFixed(1)} cores busy)`,
    `  peak RSS (MiB) at N: ${memory(n)}; at 4N (${int(scaledSource.records)} records): ${memory(scaled)}`,
    `  loader ${int(n.loadRowsPerSecond)} rows/s in the run (${(ofCeiling.run * 100).toFixed(1)} % of the ceiling), ` +
      `${int(n.loaderAloneRowsPerSecond)} alone (${(ofCeiling.alone * 100).toFixed(1)} %)`,
    ...snapshotSummary(results.sakilaSnapshot),
    `Ceiling: plain mysql2 upserts, ${int(ceiling.bestRowsPerSecond)} rows/s at ${ceiling.bestBatchSize} rows a statement`,
    peer
      ? `dlt ${peer.version}: ${peer.seconds.toFixed(1)} s; Sluice takes ${peer.slower.toFixed(2)}× as long`
      : `dlt: ${isSkipped(results.peer) ? results.peer.skipped : 'not run'}`,
    `Floor: ${dec(floor.n.seconds)} s (fetch ${dec(floor.n.fetchSeconds)} s, ${floor.concurrency} pages at a time, ` +
      `+ write ${dec(floor.n.writeSeconds)} s); Sluice ${dec(summary.floor.n.sluice)}× it, dlt ${dec(summary.floor.n.dlt)}×; ` +
      `at 4N ${dec(floor.scaled.seconds)} s, Sluice ${dec(summary.floor.scaled.sluice)}×`,
    isSkipped(results.bundles)
      ? `Bundles: ${results.bundles.skipped}`
      : `Bundles: ${results.bundles.map((b) => `${b.bundle} ${b.zipKiB} KiB zip, ${b.unzippedKiB} KiB unzipped, ${b.coldImportMs} ms cold`).join('; ')}`,
    ...targetLines(evaluateTargets(results, summary)),
  ].join('\n');
};
