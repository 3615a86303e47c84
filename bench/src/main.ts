import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '@sluice/cli';
import { parseBenchOptions, USAGE } from './options.ts';
import { formatReport } from './report/format-report.ts';
import { formatSummary } from './report/format-summary.ts';
import { isSkipped } from './results.ts';
import { BENCH_STATE, runBench } from './run-bench.ts';

// `npm run bench [-- options]`: measures, then writes the report and the raw figures (JSON) beside it.
const options = parseBenchOptions(process.argv.slice(2));
if (options === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const results = await runBench(options, say);
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
if (isSkipped(results.bundles) || (options.peer && isSkipped(results.peer))) process.exitCode = 1;
