import type { Document, LineCounter } from 'yaml';

/** The `yaml` package, loaded by the caller when it is needed (see read-pipeline-file.ts). */
export type YamlModule = typeof import('yaml');

export interface Position {
  line: number;
  column: number;
}

/**
 * Where `path` is written in the document: the key of a mapping entry (that is where a reader looks),
 * an item of a sequence, or, when the path goes further than the file does (a missing key), the nearest
 * part of it that exists.
 */
export const locatePath = (
  { isMap, isScalar, isSeq }: YamlModule,
  doc: Document,
  lines: LineCounter,
  path: readonly PropertyKey[],
): Position => {
  let node: unknown = doc.contents;
  let offset = (doc.contents?.range?.[0] as number | undefined) ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) break;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      const start = (item as { range?: [number, number, number] } | undefined)?.range?.[0];
      if (start === undefined) break;
      offset = start;
      node = item;
    } else break;
  }
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
};

/**
 * Where to report a YAML syntax error. The parser notices an unclosed `{` or `[` only at the next line
 * that cannot belong to it; the mistake is the bracket left open, so point there when it can be found.
 */
export const locateSyntaxError = (
  text: string,
  lines: LineCounter,
  error: { code: string; message: string; pos: [number, number] },
): Position => {
  let offset = error.pos[0];
  const unclosed = /^Flow (map|sequence)/.exec(error.message);
  if (error.code === 'BAD_INDENT' && unclosed) {
    const [open, close] = unclosed[1] === 'map' ? ['{', '}'] : ['[', ']'];
    let depth = 0;
    for (let index = offset - 1; index >= 0; index -= 1) {
      if (text[index] === close) depth += 1;
      if (text[index] === open && depth-- === 0) {
        offset = index;
        break;
      }
    }
  }
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
};
