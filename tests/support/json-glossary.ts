import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@sluice/cli';

/** The page that names every key a `--json` prints; flows check what the commands print against it. */
export const JSON_GLOSSARY_FILE = join(PROJECT_ROOT, 'docs', 'json-output.md');

export interface JsonGlossary {
  /** Every key a `--json` may print. */
  keys: Set<string>;
  /** Keys whose object is keyed by names (tables, stages, resources): its own keys are not looked up. */
  keyedByName: Set<string>;
  /** Keys whose value is printed as it is (a source's record, a pipeline file's section): not walked. */
  verbatim: Set<string>;
}

/** The backticked first cells of the rows of the table under `## <heading>`. */
const firstColumnUnder = (text: string, heading: string): Set<string> => {
  const section = text.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  if (!section) throw new Error(`${JSON_GLOSSARY_FILE} has no section "## ${heading}"`);
  const keys = [...section.matchAll(/^\| `([^`]+)` +\|/gm)].map((match) => match[1] as string);
  if (keys.length === 0) throw new Error(`the table under "## ${heading}" of ${JSON_GLOSSARY_FILE} is empty`);
  return new Set(keys);
};

export const readJsonGlossary = (text = readFileSync(JSON_GLOSSARY_FILE, 'utf8')): JsonGlossary => ({
  keys: firstColumnUnder(text, 'Keys'),
  keyedByName: firstColumnUnder(text, 'Objects keyed by name'),
  verbatim: firstColumnUnder(text, 'Values printed as they are'),
});

/**
 * The keys of `value` the glossary does not name, each with where it was found (`runs[].pages.total`
 * style), so that a command that starts printing a new name fails a flow until the page says what it is.
 */
export const unknownJsonKeys = (value: unknown, glossary: JsonGlossary, path = ''): string[] => {
  if (Array.isArray(value)) return value.flatMap((item) => unknownJsonKeys(item, glossary, `${path}[]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = path ? `${path}.${key}` : key;
    const unknown = glossary.keys.has(key) ? [] : [at];
    if (glossary.verbatim.has(key)) return unknown;
    if (
      glossary.keyedByName.has(key) &&
      typeof child === 'object' &&
      child !== null &&
      !Array.isArray(child)
    ) {
      return [
        ...unknown,
        ...Object.entries(child).flatMap(([name, named]) =>
          unknownJsonKeys(named, glossary, `${at}.<${name}>`),
        ),
      ];
    }
    return [...unknown, ...unknownJsonKeys(child, glossary, at)];
  });
};
