import * as z from 'zod';
import { PipelineNameSchema, ResourceNameSchema, RunIdSchema } from './names.ts';

/**
 * The rows the transformer writes to `processed/` and the loader upserts: the contract between the two.
 * Dates travel as the strings MySQL reads (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS.mmm`, UTC).
 */
const id = z.int().positive();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const datetime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);

export const LocationRowSchema = z.object({
  id,
  name: z.string(),
  type: z.string(),
  dimension: z.string(),
  url: z.string(),
  createdAt: datetime,
});
export const EpisodeRowSchema = z.object({
  id,
  name: z.string(),
  airDate: date.nullable(),
  episodeCode: z.string(),
  url: z.string(),
  createdAt: datetime,
});
export const CharacterRowSchema = z.object({
  id,
  name: z.string(),
  status: z.string(),
  species: z.string(),
  type: z.string(),
  gender: z.string(),
  originLocationId: id.nullable(),
  locationId: id.nullable(),
  image: z.string(),
  url: z.string(),
  createdAt: datetime,
});
export const CharacterEpisodeRowSchema = z.object({ characterId: id, episodeId: id });

export const WAREHOUSE_ROW_SCHEMAS = {
  locations: LocationRowSchema,
  episodes: EpisodeRowSchema,
  characters: CharacterRowSchema,
  character_episodes: CharacterEpisodeRowSchema,
} as const;
export type WarehouseTable = keyof typeof WAREHOUSE_ROW_SCHEMAS;
export type WarehouseRow<T extends WarehouseTable> = z.infer<(typeof WAREHOUSE_ROW_SCHEMAS)[T]>;
export type LocationRow = WarehouseRow<'locations'>;
export type EpisodeRow = WarehouseRow<'episodes'>;
export type CharacterRow = WarehouseRow<'characters'>;
export type CharacterEpisodeRow = WarehouseRow<'character_episodes'>;

/**
 * A child table whose rows are replaced whole for each parent in the page, so that a link removed at the
 * source disappears from the warehouse too.
 */
export const CHILD_TABLES = {
  character_episodes: { parentTable: 'characters', parentKey: 'characterId' },
} as const satisfies Partial<Record<WarehouseTable, { parentTable: WarehouseTable; parentKey: string }>>;

const pageHeader = {
  version: z.literal(1),
  runId: RunIdSchema,
  pipeline: PipelineNameSchema,
  resource: ResourceNameSchema,
  page: z.int().positive(),
};

export const ProcessedPageSchema = z.object({
  ...pageHeader,
  tables: z.object({
    locations: z.array(LocationRowSchema).optional(),
    episodes: z.array(EpisodeRowSchema).optional(),
    characters: z.array(CharacterRowSchema).optional(),
    character_episodes: z.array(CharacterEpisodeRowSchema).optional(),
  }),
});
export type ProcessedPage = z.infer<typeof ProcessedPageSchema>;

export const RejectedRecordSchema = z.object({
  index: z.int().nonnegative(),
  reason: z.string(),
  record: z.unknown(),
});
export const RejectedPageSchema = z.object({
  ...pageHeader,
  rawKey: z.string(),
  rejected: z.array(RejectedRecordSchema),
});
export type RejectedRecord = z.infer<typeof RejectedRecordSchema>;
export type RejectedPage = z.infer<typeof RejectedPageSchema>;

/** A moment as the DATETIME(3) string the warehouse stores, in UTC: `2017-11-04 18:48:46.250`. */
export const toSqlDatetime = (date: Date): string => date.toISOString().replace('T', ' ').replace('Z', '');
