import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '@sluice/cli';
import { parseBenchOptions, USAGE } from './options.ts';
import { formatReport } from './report/format-report.ts';
import { formatSummary } from './report/format-summary.ts';
import { isSkipped } from './results.ts';
import { BENCH_STATE, runBench } from './run-bench.ts';
import { destroyOpenDeployments } from './sluice/bench-deployment.ts';

// `npm run bench [-- options]`: measures, then writes the report and the raw figures (JSON) beside it.
const options = parseBenchOptions(process.argv.slice(2));
if (options === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// Ctrl-C, or CI's time limit (`timeout` signals the whole process group, so the services and dlt stop by
// themselves): the deployments go too, or their queues and staged pages would stay in LocalStack.
const stopOn = (signal: NodeJS.Signals, code: number) =>
  process.once(signal, () => {
    say(`${signal}: deleting the bench's deployments, then stopping`);
    void destroyOpenDeployments().finally(() => process.exit(code));
  });
stopOn('SIGINT', 130);
stopOn('SIGTERM', 143);

const results = await runBench(options, say).catch((error: unknown): never => {
  say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  say(`the services' logs of each run are in ${join(BENCH_STATE, 'logs')}`);
  process.exit(1);
});
const out = resolve(
  options.out ?? (options.quick ? join(BENCH_STATE, 'quick.md') : join(PROJECT_ROOT, 'BENCHMARKS.md')),
);
const method = readFileSync(new URL('../method.md', import.meta.url), 'utf8');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, formatReport(results, method));
mkdirSync(BENCH_STATE, { recursive: true });
const json = join(BENCH_STATE, `results-${results.machine.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);

process.stdout.write(`${formatSummary(results)}\nReport: ${out}\nRaw figures: ${json}\n`);
// A part that could not be measured fails the command (CI's --quick proves every part works), though the
// report of the rest is written.
const unmeasured = [
  ...(options.peer && isSkipped(results.peer) ? ['dlt'] : []),
  ...(isSkipped(results.bundles) ? ['the Lambda bundles'] : []),
];
if (unmeasured.length > 0) {
  say(`failed: ${unmeasured.join(' and ')} could not be measured (why is above)`);
  process.exitCode = 1;
}
