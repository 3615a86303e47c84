import * as z from 'zod';
import { PipelineNameSchema, ResourceNameSchema } from '../names.ts';
import { checkPipeline } from './check-pipeline.ts';
import { checkSecrets } from './check-secrets.ts';
import { DestinationSchema } from './destination.ts';
import { resolveDestination } from './destination-columns.ts';
import { FieldPathSchema, ParamNameSchema } from './identifiers.ts';
import { ScheduleSchema } from './schedule.ts';
import { HtmlSourceSchema } from './source-html.ts';
import { MysqlSourceSchema } from './source-mysql.ts';
import { RestSourceSchema } from './source-rest.ts';
import { ResourceTransformSchema } from './transform.ts';

/** Read only what changed since the last run: the greatest `cursor` value loaded, per resource. */
export const IncrementalSchema = z.record(
  ResourceNameSchema,
  z.strictObject({
    /** A field of the source's records that only grows: `updated_at`, `id`. */
    cursor: FieldPathSchema,
    /** The query parameter that asks the source for records after a value: `updated_since`. */
    param: ParamNameSchema,
    /** Where the first run starts. */
    start: z.union([z.string().min(1), z.number()]),
  }),
);

export type Incremental = z.infer<typeof IncrementalSchema>;

export const SourceSchema = z.discriminatedUnion('type', [
  RestSourceSchema,
  HtmlSourceSchema,
  MysqlSourceSchema,
]);

/**
 * A pipeline file (`pipelines/<name>.yaml`): where records come from, how each becomes rows, and the
 * warehouse tables they go to. Unknown keys are errors, so that a misspelt option fails validation
 * instead of being ignored. Parsed, every destination table has its columns, listed or derived.
 */
/**
 * How much rejection fails a run: a resource with at least `failAt` of its records rejected (a share,
 * 0 < failAt <= 1) fails it, though every page loaded. The default, 1, fails a run only for a resource
 * whose every record was rejected; 0.05 fails it at one in twenty.
 */
export const RejectionsSchema = z.strictObject({
  failAt: z.number().gt(0, 'a share above 0 (0.05 is one record in twenty)').lte(1).default(1),
});

export const PipelineDefinitionSchema = z
  .strictObject({
    /** Equal to the file name without `.yaml` (checked where the file is read). */
    name: PipelineNameSchema,
    description: z.string().min(1),
    schedule: ScheduleSchema,
    incremental: IncrementalSchema.optional(),
    rejections: RejectionsSchema.optional(),
    source: SourceSchema,
    /** By source resource: the mapping to tables, or a TypeScript module. */
    transform: z.record(ResourceNameSchema, ResourceTransformSchema),
    destination: DestinationSchema,
  })
  .superRefine(checkPipeline)
  .superRefine((_pipeline, ctx) => checkSecrets(ctx.value, ctx), { when: () => true })
  // Last, once every check passed: a table that lists no columns gets those its transform implies, so
  // whatever reads a parsed pipeline (loader, migrations, history, CLI) sees every column.
  .transform((pipeline) => ({ ...pipeline, destination: resolveDestination(pipeline).destination }));
export type PipelineDefinition = z.infer<typeof PipelineDefinitionSchema>;
