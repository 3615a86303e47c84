import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '@sluice/cli';
import { type BenchOptions, parseBenchOptions, USAGE } from './options.ts';
import { evaluateTargets } from './report/evaluate-targets.ts';
import { consoleSummary, formatConsoleReport } from './report/format-console.ts';
import { formatReport } from './report/format-report.ts';
import { formatSnapshotReport, snapshotSummary } from './report/format-snapshot.ts';
import { formatSummary } from './report/format-summary.ts';
import { summariseBench } from './report/summarise-results.ts';
import { isSkipped } from './results.ts';
import { BENCH_STATE, runBench, runConsoleBench, runSnapshotBench } from './run-bench.ts';
import { dropOpenSakilaSources } from './sakila/bench-sakila-source.ts';
import { destroyOpenDeployments } from './sluice/bench-deployment.ts';

// `npm run bench [-- options]`: measures, then writes the report and the raw figures (JSON) beside it.
const options = parseBenchOptions(process.argv.slice(2));
if (options === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// Ctrl-C, or CI's time limit (`timeout` signals the whole process group, so the services and dlt stop by
// themselves): the deployments and sources go too, or their queues, staged pages and databases would stay.
const stopOn = (signal: NodeJS.Signals, code: number) =>
  process.once(signal, () => {
    say(`${signal}: deleting the bench's deployments, then stopping`);
    void Promise.allSettled([destroyOpenDeployments(), dropOpenSakilaSources()]).finally(() =>
      process.exit(code),
    );
  });
stopOn('SIGINT', 130);
stopOn('SIGTERM', 143);

const method = readFileSync(new URL('../method.md', import.meta.url), 'utf8');

/**
 * The part or parts asked for: their raw figures (with the floor's multiples and the targets' verdicts
 * beside them, so that results files compare without re-deriving), report, summary, default report file,
 * what failed.
 */
const measure = async (asked: BenchOptions) => {
  if (asked.only === 'sakila-snapshot') {
    const results = await runSnapshotBench(asked, say);
    return {
      results,
      json: results,
      report: formatSnapshotReport(results, method),
      summary: snapshotSummary(results.sakilaSnapshot).join('\n'),
      defaultOut: join(BENCH_STATE, 'sakila-snapshot.md'),
      unmeasured: [],
    };
  }
  if (asked.only === 'console') {
    const results = await runConsoleBench(asked, say);
    return {
      results,
      report: formatConsoleReport(results),
      summary: consoleSummary(results.console).join('\n'),
      defaultOut: join(BENCH_STATE, 'console.md'),
      unmeasured: [],
    };
  }
  const results = await runBench(asked, say);
  const summary = summariseBench(results);
  return {
    results,
    json: { ...results, derived: { floor: summary.floor, targets: evaluateTargets(results, summary) } },
    report: formatReport(results, method),
    summary: formatSummary(results),
    defaultOut: asked.quick ? join(BENCH_STATE, 'quick.md') : join(PROJECT_ROOT, 'BENCHMARKS.md'),
    // A part that could not be measured fails the command (CI's --quick proves every part works), though
    // the report of the rest is written.
    unmeasured: [
      ...(asked.peer && isSkipped(results.peer) ? ['dlt'] : []),
      ...(isSkipped(results.bundles) ? ['the Lambda bundles'] : []),
    ],
  };
};

const measured = await measure(options).catch((error: unknown): never => {
  say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  say(`the services' logs of each run are in ${join(BENCH_STATE, 'logs')}`);
  process.exit(1);
});
const out = resolve(options.out ?? measured.defaultOut);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, measured.report);
mkdirSync(BENCH_STATE, { recursive: true });
const json = join(BENCH_STATE, `results-${measured.results.machine.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(json, `${JSON.stringify(measured.json, null, 2)}\n`);

process.stdout.write(`${measured.summary}\nReport: ${out}\nRaw figures: ${json}\n`);
if (measured.unmeasured.length > 0) {
  say(`failed: ${measured.unmeasured.join(' and ')} could not be measured (why is above)`);
  process.exitCode = 1;
}
