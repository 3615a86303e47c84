import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { PipelineDefinitionSchema } from './pipeline.ts';
import { formatPipelineFileError, parsePipelineYaml } from './read-pipeline-file.ts';

const REFERENCE = fileURLToPath(new URL('../../../docs/pipeline-reference.md', import.meta.url));

/** A key of the pipeline file: `source.resources.<*>.path`, `transform.<*>.children[].table`. */
interface SchemaKey {
  path: string;
  /** The scalar defaults zod applies at this path (several where union branches differ). */
  defaults: unknown[];
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  defaultValue?: unknown;
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

// Schemas that hold no keys. Any other kind the walker does not open (a tuple, an intersection, a lazy
// schema) fails the test, so keys under it cannot go unlisted unnoticed.
const LEAVES = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'never', 'unknown', 'null']);

/** The schema under its wrappers (optional, default, a pipe's input), and the default on the way. */
const unwrap = (schema: z.ZodType): { inner: z.ZodType; defaults: unknown[] } => {
  const def = defOf(schema);
  if (def.type === 'default') {
    const { inner, defaults } = unwrap(def.innerType as z.ZodType);
    return { inner, defaults: [def.defaultValue, ...defaults] };
  }
  const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  return next ? unwrap(next) : { inner: schema, defaults: [] };
};

/**
 * Every key of the schema, walked in file order. With `once`, a schema met again (the pagination of a
 * resource, a child's columns, a detail page's fields) gives its key but not its keys again: the
 * reference describes those where they first appear.
 */
const schemaKeys = (root: z.ZodType, once: boolean): Map<string, SchemaKey> => {
  const keys = new Map<string, SchemaKey>();
  const seen = new Set<z.ZodType>();
  const visit = (schema: z.ZodType, path: string) => {
    const { inner } = unwrap(schema);
    const def = defOf(inner);
    if (['object', 'record', 'array', 'union'].includes(def.type)) {
      if (once && seen.has(inner)) return;
      seen.add(inner);
    }
    if (def.type === 'object') {
      for (const [key, value] of Object.entries(def.shape ?? {})) {
        const at = path ? `${path}.${key}` : key;
        const scalars = unwrap(value).defaults.filter((d) => d === null || typeof d !== 'object');
        const known = keys.get(at) ?? { path: at, defaults: [] };
        keys.set(at, { path: at, defaults: [...new Set([...known.defaults, ...scalars])] });
        visit(value, at);
      }
    } else if (def.type === 'record') visit(def.valueType as z.ZodType, `${path}.<*>`);
    else if (def.type === 'array') visit(def.element as z.ZodType, `${path}[]`);
    else if (def.type === 'union') for (const option of def.options ?? []) visit(option, path);
    else if (!LEAVES.has(def.type)) throw new Error(`${path}: the walker does not open a zod ${def.type}`);
  };
  visit(root, '');
  return keys;
};

const TOP_LEVEL = new Set(Object.keys(PipelineDefinitionSchema.in.shape));

/**
 * The reference's key rows, `| \`source.baseUrl\` | meaning | default |`, placeholders as `<*>`; rows of
 * other tables (the value types) start with no key of the file.
 */
const referenceRows = (text: string) =>
  text.split('\n').flatMap((line) => {
    const match = /^\|\s*`([^`]+)`\s*\|(.*)\|(.*)\|\s*$/.exec(line);
    const [, key = '', , defaultCell = ''] = match ?? [];
    if (!match || !TOP_LEVEL.has(key.split('.')[0] ?? '')) return [];
    return [{ path: key.replace(/<[^>]+>/g, '<*>'), defaultCell: defaultCell.trim() }];
  });

const shown = (value: unknown) => `\`${value === '' ? "''" : String(value)}\``;

describe('docs/pipeline-reference.md', () => {
  it('lists every key of the pipeline file schema', async () => {
    // Prepare
    const documented = new Set(referenceRows(await readFile(REFERENCE, 'utf8')).map((row) => row.path));

    // Act
    const missing = [...schemaKeys(PipelineDefinitionSchema, true).keys()].filter(
      (key) => !documented.has(key),
    );

    // Assess
    expect(missing, 'keys the schema has and docs/pipeline-reference.md does not describe').toEqual([]);
  });

  it('lists no key the schema does not have, and gives each key its default', async () => {
    // Prepare
    const rows = referenceRows(await readFile(REFERENCE, 'utf8'));
    const keys = schemaKeys(PipelineDefinitionSchema, false);

    // Act
    const unknown = rows.filter((row) => !keys.has(row.path)).map((row) => row.path);
    const wrongDefaults = rows.flatMap(({ path, defaultCell }) =>
      (keys.get(path)?.defaults ?? [])
        .filter((value) => !defaultCell.includes(shown(value)))
        .map((value) => `${path}: default ${shown(value)} not in '${defaultCell}'`),
    );

    // Assess
    expect(unknown, 'keys docs/pipeline-reference.md describes and the schema does not have').toEqual([]);
    expect(wrongDefaults).toEqual([]);
  });

  it('holds examples of whole pipeline files that validate', async () => {
    // Prepare
    const text = await readFile(REFERENCE, 'utf8');
    const examples = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((match) => match[1] ?? '')
      .filter((yaml) => /^name: /m.test(yaml));

    // Act
    const results = await Promise.all(
      examples.map((yaml) => parsePipelineYaml(yaml, `${/^name: (\S+)/m.exec(yaml)?.[1]}.yaml`)),
    );

    // Assess
    expect(examples.length).toBeGreaterThan(0);
    expect(
      results.flatMap((result) => (result.ok ? [] : result.errors.map(formatPipelineFileError))),
    ).toEqual([]);
  });
});
