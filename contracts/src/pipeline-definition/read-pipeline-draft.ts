import * as z from 'zod';
import { PipelineNameSchema } from '../names.ts';
import { isPlainObject } from '../plain-object.ts';
import { describeIssues } from './describe-issues.ts';
import { type PipelineDefinition, PipelineDefinitionSchema, SourceSchema } from './pipeline.ts';
import { type PipelineFileError, parsePipelineYaml, readPipelineDocument } from './read-pipeline-file.ts';

type Source = PipelineDefinition['source'];

/** Whether one resource's mapping can be applied to its records yet. */
export type ResourceMapping =
  /** The file narrowed to this resource (its source entry, transform and tables), valid. */
  | { status: 'valid'; pipeline: PipelineDefinition }
  | { status: 'missing' }
  | { status: 'invalid'; errors: PipelineFileError[] };

/** A pipeline file being written: its source is usable, its mappings maybe not all yet. */
export interface PipelineDraft {
  file: string;
  name: string;
  source: Source;
  /** The whole file, once it passes `sluice validate`; else null. */
  pipeline: PipelineDefinition | null;
  /** What `sluice validate` says of the whole file (empty once it passes). */
  errors: PipelineFileError[];
  /** By resource of the source. */
  mappings: Record<string, ResourceMapping>;
}

export type PipelineDraftResult =
  | { ok: true; draft: PipelineDraft }
  | { ok: false; file: string; errors: PipelineFileError[] };

/** All a draft needs to fetch pages: the rest of the file may be missing or wrong. */
const SourcedSchema = z.object({ name: PipelineNameSchema, source: SourceSchema });

/** The table a child writes, and its link's table (an entity child writes both). */
const childTables = (child: unknown): string[] => {
  if (!isPlainObject(child)) return [];
  const link = isPlainObject(child.link) && typeof child.link.table === 'string' ? [child.link.table] : [];
  return [...(typeof child.table === 'string' ? [child.table] : []), ...link];
};

/** The tables a resource's transform says it writes, whichever kind it is. */
const tablesWritten = (transform: Record<string, unknown>): string[] => [
  ...(typeof transform.table === 'string' ? [transform.table] : []),
  ...(Array.isArray(transform.children) ? transform.children.flatMap(childTables) : []),
  ...(Array.isArray(transform.tables) ? transform.tables.filter((table) => typeof table === 'string') : []),
];

/**
 * The file as if it had only `resource`: its source entry, its transform, the tables that transform
 * writes and its incremental entry. Keys keep their places, so an issue's path is the same in the file.
 * A draft may lack a description or schedule: stand-ins let its mapping be checked all the same.
 */
const narrowTo = (input: Record<string, unknown>, source: Record<string, unknown>, resource: string) => {
  const transform = isPlainObject(input.transform) ? input.transform[resource] : undefined;
  if (!isPlainObject(transform)) return null;
  const destination = isPlainObject(input.destination) ? input.destination : {};
  const incremental = isPlainObject(input.incremental) ? input.incremental[resource] : undefined;
  const resources = source.resources as Record<string, unknown>;
  return {
    ...input,
    description: input.description ?? 'a draft',
    schedule: input.schedule ?? 'rate(1 day)',
    incremental: incremental === undefined ? undefined : { [resource]: incremental },
    source: { ...source, resources: { [resource]: resources[resource] } },
    transform: { [resource]: transform },
    destination: Object.fromEntries(
      tablesWritten(transform).flatMap((table) =>
        Object.hasOwn(destination, table) ? [[table, destination[table]]] : [],
      ),
    ),
  };
};

/**
 * Reads a pipeline file that may not be finished, for `sluice preview`: its name and source must be
 * valid (they are what pages are fetched with); each resource's mapping is checked on its own, with
 * the same schema `sluice validate` uses, so a resource whose transform and tables are right can be
 * shown while another has none yet. A file with a broken source is refused with its errors.
 */
export const parsePipelineDraft = async (text: string, file: string): Promise<PipelineDraftResult> => {
  const document = await readPipelineDocument(text, file);
  if (!document.ok) return document;
  const input = document.input as Record<string, unknown>;
  const sourced = SourcedSchema.safeParse(input);
  if (!sourced.success) {
    return { ok: false, file, errors: document.errorsAt(describeIssues(sourced.error.issues, input)) };
  }
  const whole = await parsePipelineYaml(text, file);
  const rawSource = input.source as Record<string, unknown>;
  const mappings = Object.fromEntries(
    Object.keys(sourced.data.source.resources).map((resource): [string, ResourceMapping] => {
      const narrowed = narrowTo(input, rawSource, resource);
      if (!narrowed) return [resource, { status: 'missing' }];
      const result = PipelineDefinitionSchema.safeParse(narrowed);
      return [
        resource,
        result.success
          ? { status: 'valid', pipeline: result.data }
          : { status: 'invalid', errors: document.errorsAt(describeIssues(result.error.issues, narrowed)) },
      ];
    }),
  );
  return {
    ok: true,
    draft: {
      file,
      name: sourced.data.name,
      source: sourced.data.source,
      pipeline: whole.ok ? whole.pipeline : null,
      errors: whole.ok ? [] : whole.errors,
      mappings,
    },
  };
};
