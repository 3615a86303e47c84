// Bundles one Lambda entry into a self-contained ESM file plus a zip ready for upload:
//   node scripts/bundle-lambda.mjs <entry.ts> <outdir> [<folder to copy beside it>…]
// Run from the package folder (its `build` script). The AWS SDK is bundled, not taken from the runtime:
// the function then runs exactly the SDK version the tests ran, and tree-shaking keeps only the clients
// and commands it uses.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { writeCompiledPipelines } from '../contracts/src/pipeline-definition/compiled-pipelines.ts';
import { NODE_BUNDLE_OPTIONS } from './node-bundle-options.ts';

const [entry, outdir, ...copies] = process.argv.slice(2);
if (!entry || !outdir) {
  process.stderr.write('usage: bundle-lambda.mjs <entry.ts> <outdir> [<folder to copy>…]\n');
  process.exit(2);
}
const out = resolve(outdir);
rmSync(out, { recursive: true, force: true });
for (const file of [`${out}.zip`, `${out}.mjs.map`, `${out}.maps`, `${out}.meta.json`]) {
  rmSync(file, { recursive: true, force: true });
}

const result = await build({
  ...NODE_BUNDLE_OPTIONS,
  entryPoints: { index: entry },
  outdir: out,
  minify: true,
  treeShaking: true,
  // The maps are kept out of the deployed folder (they would double the upload): dist/<name>.maps/.
  sourcemap: 'external',
});
mkdirSync(`${out}.maps`, { recursive: true });
rmSync(`${out}.maps`, { recursive: true, force: true });
mkdirSync(`${out}.maps/chunks`, { recursive: true });
for (const dir of ['', 'chunks']) {
  for (const file of readdirSync(join(out, dir)).filter((name) => name.endsWith('.map'))) {
    renameSync(join(out, dir, file), join(`${out}.maps`, dir, file));
  }
}
// What each input costs, for `esbuild --analyze`-style inspection (https://esbuild.github.io/analyze/).
writeFileSync(`${out}.meta.json`, JSON.stringify(result.metafile));
for (const folder of copies) cpSync(resolve(folder), join(out, basename(folder)), { recursive: true });
// The pipeline files, validated now rather than at every cold start (contracts' compiled-pipelines.ts).
if (copies.some((folder) => basename(folder) === 'pipelines')) {
  await writeCompiledPipelines(join(out, 'pipelines'));
}

const zip = spawnSync('zip', ['-q', '-r', '-X', `${out}.zip`, '.'], { cwd: out, stdio: 'inherit' });
if (zip.error || zip.status !== 0) {
  process.stderr.write(
    `could not write ${out}.zip: is the zip command installed? (${zip.error?.message ?? zip.status})\n`,
  );
  process.exit(1);
}
const kib = (file) => `${Math.round(statSync(file).size / 1024)} KiB`;
process.stdout.write(`${outdir}: index.mjs ${kib(join(out, 'index.mjs'))}, zip ${kib(`${out}.zip`)}\n`);
