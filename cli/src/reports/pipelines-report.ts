import type { PipelineDefinition, PipelineFileResult } from '@sluice/contracts/pipeline-definition';
import type { CliEnv } from '../config.ts';
import { type LastRun, type LastRuns, readLastRuns } from '../pipelines/last-runs.ts';
import { loadShippedPipelines } from '../pipelines/pipeline-files.ts';

/** The pipeline files, valid and not, and what the warehouse says of them. */
export interface PipelinesState {
  valid: { file: string; pipeline: PipelineDefinition }[];
  /** Files that do not validate (`sluice validate` says why). */
  invalid: string[];
  lastRuns: LastRuns;
}

/** A pipeline as `sluice pipelines --json` prints it. */
export interface PipelineEntry {
  /** Its name, under the key every other output names a pipeline by. */
  pipeline: string;
  file: string;
  description: string | undefined;
  source: string;
  resources: string[];
  schedule: string | undefined;
  lastRun: LastRun | null;
  /** Each incremental resource's cursor, once a run has completed it; empty when the warehouse is unknown. */
  cursors: Record<string, { value: string | number; runId: string; updatedAt: string }>;
}

/** What `sluice pipelines --json` prints and the console's `/api/pipelines` serves. */
export interface PipelinesReport {
  pipelines: PipelineEntry[];
  invalid: string[];
  database: { reachable: true } | { reachable: false; why: string; error: string };
}

/** Reads every pipeline file and the warehouse's last run and cursors of each. */
export const readPipelinesState = async (env: Pick<CliEnv, 'DATABASE_URL'>): Promise<PipelinesState> => {
  const results = await loadShippedPipelines();
  const valid = results.filter((result): result is Extract<PipelineFileResult, { ok: true }> => result.ok);
  const invalid = results.filter((result) => !result.ok).map((result) => result.file);
  const lastRuns = await readLastRuns(
    env.DATABASE_URL,
    valid.map(({ pipeline }) => pipeline.name),
  );
  return { valid: valid.map(({ file, pipeline }) => ({ file, pipeline })), invalid, lastRuns };
};

const cursorsOf = (lastRuns: LastRuns, pipeline: string): PipelineEntry['cursors'] =>
  lastRuns.reachable
    ? Object.fromEntries(
        (lastRuns.cursors.get(pipeline) ?? []).map(({ resource, value, runId, updatedAt }) => [
          resource,
          { value, runId, updatedAt },
        ]),
      )
    : {};

export const pipelinesReportOf = ({ valid, invalid, lastRuns }: PipelinesState): PipelinesReport => ({
  pipelines: valid.map(({ file, pipeline }) => ({
    pipeline: pipeline.name,
    file,
    description: pipeline.description,
    source: pipeline.source.type,
    resources: Object.keys(pipeline.source.resources),
    schedule: pipeline.schedule,
    lastRun: lastRuns.reachable ? (lastRuns.runs.get(pipeline.name) ?? null) : null,
    cursors: cursorsOf(lastRuns, pipeline.name),
  })),
  invalid,
  database: lastRuns.reachable
    ? { reachable: true }
    : { reachable: false, why: lastRuns.why, error: lastRuns.reason },
});
