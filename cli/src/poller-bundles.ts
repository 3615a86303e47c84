import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipelinesDirOf } from '@sluice/runtime';
import { build } from 'esbuild';
import { NODE_BUNDLE_OPTIONS } from '../../scripts/node-bundle-options.ts';
import { PROJECT_ROOT } from './config.ts';
import { SERVICE_NAMES, type ServiceName } from './service-names.ts';

// Why the pollers run bundled: loaded from source, a poller spends most of its memory before any work.
// Node reads and parses the `package.json` of a module's package once for every file it loads, and some
// of ours ship thousands of exports (date-fns, drizzle-orm): the idle transformer held 316 MiB (385 at its
// peak) against 110 MiB bundled, the loader 276 against 113, the extractor 145 against 104 (#14). One file
// per service is also what its Lambda runs, so the poller and the function load the same code.

const POLLER_BUNDLES_DIR = join(PROJECT_ROOT, '.sluice', 'build', 'pollers');
// A build a running poller may still import a chunk from (cheerio, the OTLP exporter, imported on first
// use) is kept this long after a newer one replaced it.
const KEEP_REPLACED_MS = 24 * 60 * 60 * 1000;

interface BuildRecord {
  /** The folder under the bundles' folder holding `<entry>.mjs` and its chunks. */
  folder: string;
  /** Every file the build read, with what it was: any change means building again. */
  inputs: Record<string, { size: number; mtimeMs: number }>;
}

const fingerprintOf = (file: string) => {
  const { size, mtimeMs } = statSync(file);
  return { size, mtimeMs };
};

const unchanged = (record: BuildRecord) =>
  Object.entries(record.inputs).every(([file, was]) => {
    try {
      const now = fingerprintOf(file);
      return now.size === was.size && now.mtimeMs === was.mtimeMs;
    } catch {
      return false;
    }
  });

const readRecord = (dir: string): BuildRecord | null => {
  try {
    const record = JSON.parse(readFileSync(join(dir, 'current.json'), 'utf8')) as BuildRecord;
    statSync(join(dir, record.folder));
    return record;
  } catch {
    return null;
  }
};

const buildBundles = async (dir: string, entries: Record<string, string>): Promise<BuildRecord> => {
  const folder = `${Date.now()}-${randomBytes(4).toString('hex')}`;
  const result = await build({ ...NODE_BUNDLE_OPTIONS, entryPoints: entries, outdir: join(dir, folder) });
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes(':'))
      .map((input) => {
        const file = resolve(input);
        return [file, fingerprintOf(file)];
      }),
  );
  return { folder, inputs };
};

/** Replaced builds past their grace period; the current one and any being written stay. */
const pruneReplaced = (dir: string, current: string) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const path = join(dir, entry.name);
    if (Date.now() - statSync(path).mtimeMs > KEEP_REPLACED_MS)
      rmSync(path, { recursive: true, force: true });
  }
};

/**
 * Each entry bundled into `<dir>/<build>/<name>.mjs`, built again only when a file the last build read has
 * changed. Concurrent processes (the flows run several CLIs) each build into a folder of their own and
 * publish it with one rename, so none ever runs a half-written bundle.
 */
export const bundleOnChange = async (
  dir: string,
  entries: Record<string, string>,
): Promise<Record<string, string>> => {
  const previous = readRecord(dir);
  let { folder } = previous ?? { folder: '' };
  if (!previous || !unchanged(previous)) {
    mkdirSync(dir, { recursive: true });
    const record = await buildBundles(dir, entries);
    const temporary = join(dir, `current.json.${record.folder}`);
    writeFileSync(temporary, JSON.stringify(record));
    renameSync(temporary, join(dir, 'current.json'));
    pruneReplaced(dir, record.folder);
    folder = record.folder;
  }
  return Object.fromEntries(Object.keys(entries).map((name) => [name, join(dir, folder, `${name}.mjs`)]));
};

let pollers: Promise<Record<string, string>> | undefined;

/** The bundled poller of each service, as its source is now; built once per process at most. */
const pollerBundles = async (): Promise<Record<ServiceName, string>> => {
  const entries = Object.fromEntries(
    SERVICE_NAMES.map((service) => [
      service,
      fileURLToPath(import.meta.resolve(`@sluice/${service}/poller`)),
    ]),
  );
  pollers ??= bundleOnChange(POLLER_BUNDLES_DIR, entries);
  return (await pollers.catch((error: unknown) => {
    pollers = undefined;
    throw error;
  })) as Record<ServiceName, string>;
};

/**
 * What a bundled poller needs from its environment that a poller run from source finds beside itself: the
 * repository's pipeline files, unless the caller names others.
 */
const bundledPollerEnv = (env: Record<string, string | undefined>): Record<string, string> =>
  env.SLUICE_PIPELINES_DIR ? {} : { SLUICE_PIPELINES_DIR: pipelinesDirOf({}) };

/**
 * The heap a poller is given unless NODE_OPTIONS says otherwise. V8 sizes its heap for the machine (a
 * quarter of 24 GiB here) and, allocating fast, lets garbage pile up towards it: with its defaults each
 * service peaked at 240-330 MiB although what it holds at once is a slice of pages (#14). A slice of 50
 * pages of 1,000 database rows is about 25 MB of objects; 96 MB of old space leaves room for four (a heap
 * snapshot of the transformer in a run held 24 MB). The young generation gets 8 MB semi-spaces: smaller
 * ones promote the pages in flight to the old space, which then collects all the time (at 4 MB the
 * 80,000-character run took 52 s instead of 21 s); 16 MB (V8's default) cost 15-30 MiB more at the peak.
 */
export const POLLER_HEAP_FLAGS = ['--max-old-space-size=96', '--max-semi-space-size=8'] as const;

/** The heap flags NODE_OPTIONS does not set itself: the user's own settings win. */
const heapFlagsBeside = (nodeOptions: string | undefined) =>
  POLLER_HEAP_FLAGS.filter((flag) => !(nodeOptions ?? '').includes(flag.slice(0, flag.indexOf('='))));

/** How to start a service's poller: node, its heap flags and bundle, and the environment it needs. */
export const pollerCommand = async (
  service: ServiceName,
  env: Record<string, string | undefined>,
): Promise<{ command: string; args: string[]; env: Record<string, string | undefined> }> => {
  const bundle = (await pollerBundles())[service];
  return {
    command: process.execPath,
    args: [...heapFlagsBeside(env.NODE_OPTIONS), bundle],
    env: { ...env, ...bundledPollerEnv(env) },
  };
};
