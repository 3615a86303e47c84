// Size and cold import time of each built Lambda bundle: how much a cold start pays before the first
// event. Each import runs in a fresh process, with the bundle alone in an empty folder and only the
// environment Lambda would give it (queue URLs set, so nothing is looked up over the network).
//   node scripts/measure-bundles.mjs [--runs 7] [--json]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const bundles = [
  ['extractor', 'services/extractor/dist/lambda'],
  ['transformer', 'services/transformer/dist/lambda'],
  ['loader', 'services/loader/dist/lambda'],
  ['migrate', 'services/loader/dist/migrate'],
];
const queue = (name) => `http://127.0.0.1:1/000000000000/sluice-${name}`;
const env = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'x',
  AWS_SECRET_ACCESS_KEY: 'x',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
  EXTRACT_QUEUE_URL: queue('extract'),
  EXTRACT_DLQ_URL: queue('extract-dlq'),
  TRANSFORM_QUEUE_URL: queue('transform'),
  TRANSFORM_DLQ_URL: queue('transform-dlq'),
  LOAD_QUEUE_URL: queue('load'),
  LOAD_DLQ_URL: queue('load-dlq'),
  LOG_LEVEL: 'silent',
};
const probe = `const t = performance.now(); await import('./index.mjs'); process.stdout.write(String(performance.now() - t));`;
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = bundles.map(([name, dir]) => {
  const bundle = join(root, dir);
  if (!existsSync(join(bundle, 'index.mjs')))
    throw new Error(`${dir}/index.mjs is missing: run npm run build first`);
  const folder = mkdtempSync(join(tmpdir(), 'sluice-bundle-'));
  cpSync(bundle, folder, { recursive: true });
  const times = Array.from({ length: runs }, () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
      cwd: folder,
      env: { ...env, LAMBDA_TASK_ROOT: folder },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`${name} failed to load: ${run.stderr}`);
    return Number(run.stdout);
  });
  rmSync(folder, { recursive: true, force: true });
  return {
    bundle: name,
    indexKiB: Math.round(statSync(join(bundle, 'index.mjs')).size / 1024),
    zipKiB: Math.round(statSync(`${bundle}.zip`).size / 1024),
    coldImportMs: Math.round(median(times)),
  };
});

if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else {
  process.stdout.write(`Node ${process.version}, median of ${runs} fresh processes\n`);
  for (const r of results) {
    process.stdout.write(
      `${r.bundle.padEnd(12)} index.mjs ${String(r.indexKiB).padStart(5)} KiB  zip ${String(r.zipKiB).padStart(5)} KiB  cold import ${r.coldImportMs} ms\n`,
    );
  }
}
