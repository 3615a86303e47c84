import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describeIssues, formatPath, type PathIssue } from './describe-issues.ts';
import { type PipelineDefinition, PipelineDefinitionSchema } from './pipeline.ts';
import { locatePath, locateSyntaxError, type YamlModule } from './yaml-positions.ts';

/** A problem in a pipeline file, where an editor can jump to it. `path` is empty for YAML syntax errors. */
export interface PipelineFileError {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

export type PipelineFileResult =
  | { ok: true; file: string; pipeline: PipelineDefinition }
  | { ok: false; file: string; errors: PipelineFileError[] };

/** `pipelines/coincap.yaml:12:5 source.auth.value: …`, the shape editors and CI annotations link. */
export const formatPipelineFileError = ({ file, line, column, path, message }: PipelineFileError): string =>
  `${file}:${line}:${column} ${path ? `${path}: ` : ''}${message}`;

const pipelineNameOf = (fileName: string): string => basename(fileName).replace(/\.ya?ml$/, '');

/** The file's name is how `sluice run <name>` finds it, so the two must agree. */
const checkName = (input: unknown, fileName: string): PathIssue[] => {
  const name = (input as { name?: unknown } | null)?.name;
  const expected = pipelineNameOf(fileName);
  if (typeof name !== 'string' || name === expected) return [];
  return [{ path: ['name'], message: `'${name}' must equal the file name without .yaml ('${expected}')` }];
};

const byPosition = (a: PipelineFileError, b: PipelineFileError) => a.line - b.line || a.column - b.column;

// Loaded on first use: `yaml` is CommonJS, which esbuild cannot tree-shake, so a static import would put
// its 115 KiB into every Lambda bundle that imports @sluice/contracts, whether it reads pipelines or not.
let yamlModule: Promise<YamlModule> | undefined;
const loadYaml = (): Promise<YamlModule> => {
  // A Lambda bundle puts `yaml` (CommonJS) in a chunk of its own, whose import gives its exports as
  // `default`; Node gives them as named exports too.
  yamlModule ??= import('yaml').then((module) =>
    'LineCounter' in module ? module : (module as unknown as { default: YamlModule }).default,
  );
  return yamlModule;
};

/** A pipeline file's YAML, read: its value, and where in the text a path of it is written. */
export type PipelineDocument =
  | { ok: true; input: unknown; errorsAt: (issues: readonly PathIssue[]) => PipelineFileError[] }
  | { ok: false; file: string; errors: PipelineFileError[] };

/**
 * Reads a pipeline file's YAML: its syntax errors (the first of each line), or its value and a way to
 * place issues at the line of the key or value at fault (or of its nearest parent, for a missing key).
 */
export const readPipelineDocument = async (text: string, file: string): Promise<PipelineDocument> => {
  const yaml = await loadYaml();
  const lines = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((error) => ({
      file,
      ...locateSyntaxError(text, lines, error),
      path: '',
      message: `YAML syntax: ${error.message}`,
    }));
    // The first error on a line is the one to fix; the parser's follow-on complaints there only confuse.
    const firstPerLine = errors.filter(
      (error, index) => errors.findIndex((other) => other.line === error.line) === index,
    );
    return { ok: false, file, errors: firstPerLine };
  }
  if (!yaml.isMap(doc.contents)) {
    const what = doc.contents === null ? 'the file is empty' : 'the file is not a mapping';
    const message = `${what}: a pipeline is a mapping of name, description, schedule, source, transform and destination`;
    return { ok: false, file, errors: [{ file, line: 1, column: 1, path: '', message }] };
  }
  const errorsAt = (issues: readonly PathIssue[]) =>
    issues
      .map(({ path, message }) => ({
        file,
        ...locatePath(yaml, doc, lines, path),
        path: formatPath(path),
        message,
      }))
      .sort(byPosition);
  return { ok: true, input: doc.toJS(), errorsAt };
};

/**
 * Parses and validates one pipeline file. Every problem is reported at once, at the line of the key or
 * value at fault (or of its nearest parent, for a missing key), so it can be fixed in one pass.
 */
export const parsePipelineYaml = async (text: string, file: string): Promise<PipelineFileResult> => {
  const document = await readPipelineDocument(text, file);
  if (!document.ok) return document;
  const { input } = document;
  const result = PipelineDefinitionSchema.safeParse(input);
  const issues = [
    ...(result.success ? [] : describeIssues(result.error.issues, input)),
    ...checkName(input, file),
  ];
  if (result.success && issues.length === 0) return { ok: true, file, pipeline: result.data };
  return { ok: false, file, errors: document.errorsAt(issues) };
};

/** Reads and validates every `*.yaml` file of `dir`, in name order. */
export const loadPipelines = async (dir: string): Promise<PipelineFileResult[]> => {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = join(dir, name);
      return parsePipelineYaml(await readFile(file, 'utf8'), file);
    }),
  );
};
