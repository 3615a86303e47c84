import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import {
  credentialVariablesOf,
  loadPipelines,
  type PipelineDefinition,
  templateVariables,
} from '@sluice/contracts/pipeline-definition';
import { pipelinesDirOf } from './pipeline-catalogue.ts';

/** What a part hashes to when the process has none of it (no DATABASE_URL: it writes to no warehouse). */
export const NONE = 'none';

/**
 * A hash of the configuration that shapes a process's work, in three parts so that a comparison can say
 * what differs. Values are only ever hashed: a record holding this can be listed and printed.
 */
export interface ConfigurationFingerprint {
  fingerprint: string;
  parts: { pipelines: string; variables: string; warehouse: string };
  /** Each variable the pipeline files name, and a hash of its value (or `unset`). */
  variables: Record<string, string>;
}

// 16 hex digits: enough to tell configurations apart, short enough to read in a listing.
const shortHash = (...texts: string[]): string => {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\0');
  return hash.digest('hex').slice(0, 16);
};

/** Every string in a parsed pipeline, wherever it sits: a `${VAR}` can be in any of them. */
const stringsOf = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
};

/**
 * The variables the pipelines read. A credential may come from Secrets Manager instead, through
 * `<NAME>_SECRET_ARN`, so that one counts too.
 */
export const variablesNamedBy = (pipelines: PipelineDefinition[]): string[] => {
  const names = new Set(pipelines.flatMap((pipeline) => stringsOf(pipeline).flatMap(templateVariables)));
  for (const pipeline of pipelines) {
    for (const name of credentialVariablesOf(pipeline)) names.add(`${name}_SECRET_ARN`);
  }
  return [...names].sort();
};

/**
 * What a process's environment is: `process.env`, or it merged with the parsed env of a service (whose
 * numbers and flags no fingerprint reads), so that defaults such as the loader's DATABASE_URL count.
 */
type EnvLike = Record<string, unknown>;

const textOf = (env: EnvLike, name: string): string | undefined => {
  const value = env[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** `host:port/database` of a mysql:// URL: where rows go, without the user or the password. */
export const warehouseOf = (databaseUrl: string | undefined): string => {
  if (!databaseUrl) return NONE;
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || '3306'}${url.pathname}`;
  } catch {
    return 'unparsable DATABASE_URL';
  }
};

/** The pipeline files of `dir` (`*.yaml`, as the services read them), by name, with their text. */
const readPipelineFiles = async (dir: string): Promise<[string, string][]> => {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();
  return Promise.all(
    names.map(async (name) => [name, await readFile(`${dir}/${name}`, 'utf8')] as [string, string]),
  );
};

/**
 * The fingerprint of a process that reads the pipeline files of `pipelinesDir` and the variables and
 * DATABASE_URL of `env`. Two processes with the same fingerprint do the same work with the same message.
 */
export const fingerprintConfiguration = async (
  env: EnvLike,
  pipelinesDir: string,
): Promise<ConfigurationFingerprint> => {
  const files = await readPipelineFiles(pipelinesDir);
  // An invalid file stops a service at start, so only the valid ones can name variables it reads.
  const pipelines = (await loadPipelines(pipelinesDir)).flatMap((result) =>
    result.ok ? [result.pipeline] : [],
  );
  // An empty value counts as unset, as in `${VAR:-default}`.
  const variables = Object.fromEntries(
    variablesNamedBy(pipelines).map((name) => {
      const value = textOf(env, name);
      return [name, value === undefined ? 'unset' : shortHash(name, value)];
    }),
  );
  const parts = {
    pipelines: shortHash(...files.flat()),
    variables: shortHash(...Object.entries(variables).flat()),
    warehouse: (() => {
      const warehouse = warehouseOf(textOf(env, 'DATABASE_URL'));
      return warehouse === NONE ? NONE : shortHash(warehouse);
    })(),
  };
  return { fingerprint: shortHash(parts.pipelines, parts.variables, parts.warehouse), parts, variables };
};

/**
 * What a service process calls at start: its own fingerprint, from the pipeline files it reads
 * (`SLUICE_PIPELINES_DIR` or the default) and its environment: `fingerprintOfProcess({ ...process.env,
 * ...env })`, `env` being its parsed env, so that its defaults count.
 */
export const fingerprintOfProcess = (
  env: EnvLike,
  pipelinesDir: string = pipelinesDirOf({
    SLUICE_PIPELINES_DIR: textOf(env, 'SLUICE_PIPELINES_DIR'),
    LAMBDA_TASK_ROOT: textOf(env, 'LAMBDA_TASK_ROOT'),
  }),
): Promise<ConfigurationFingerprint> => fingerprintConfiguration(env, pipelinesDir);

/**
 * What differs between two configurations, in words for an operator; empty when they do the same work.
 * A side that names no warehouse (an extractor run by hand) writes to none, so it cannot disagree there.
 */
export const describeDifferences = (
  own: Pick<ConfigurationFingerprint, 'parts' | 'variables'>,
  theirs: Pick<ConfigurationFingerprint, 'parts' | 'variables'>,
): string[] => {
  const differences: string[] = [];
  if (own.parts.pipelines !== theirs.parts.pipelines) differences.push('pipeline files');
  if (own.parts.variables !== theirs.parts.variables) {
    // Only a variable both sides read can differ in value; one only the other side's files name is a
    // consequence of the files, already said.
    const differing = Object.keys(own.variables)
      .filter((name) => name in theirs.variables && own.variables[name] !== theirs.variables[name])
      .sort();
    if (differing.length > 0) differences.push(`the variables they name: ${differing.join(', ')}`);
    else if (own.parts.pipelines === theirs.parts.pipelines) differences.push('the variables they name');
  }
  const warehouses = [own.parts.warehouse, theirs.parts.warehouse];
  if (!warehouses.includes(NONE) && warehouses[0] !== warehouses[1]) differences.push('warehouse');
  return differences;
};
