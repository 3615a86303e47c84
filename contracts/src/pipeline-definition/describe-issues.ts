import type * as z from 'zod';

/** One problem in a pipeline file, at a path into the document. */
export interface PathIssue {
  path: PropertyKey[];
  message: string;
}

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    root,
  );

const shown = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value));

/**
 * Of a union's failed branches, the one the author most likely meant: not one that rejected the value's
 * type or keys outright, and then the one with the fewest complaints.
 */
const likeliestBranch = (branches: z.core.$ZodIssue[][]): z.core.$ZodIssue[] => {
  const rejectsOutright = (issues: z.core.$ZodIssue[]) =>
    issues.some(
      (issue) => issue.path.length === 0 && ['invalid_type', 'unrecognized_keys'].includes(issue.code),
    );
  const plausible = branches.filter((issues) => !rejectsOutright(issues));
  const candidates = plausible.length > 0 ? plausible : branches;
  return candidates.reduce(
    (best, issues) => (issues.length < best.length ? issues : best),
    candidates[0] ?? [],
  );
};

/** Zod's issues as a person fixing the file needs them: one per key, at the deepest path that helps. */
export const describeIssues = (issues: readonly z.core.$ZodIssue[], input: unknown): PathIssue[] =>
  issues.flatMap((issue): PathIssue[] => {
    const value = valueAt(input, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ path: [...issue.path, key], message: `unknown key '${key}'` }));
      case 'invalid_key': {
        const key = issue.path.at(-1);
        const reason = issue.issues[0]?.message ?? issue.message;
        return [{ path: issue.path, message: `the name '${String(key)}' is not valid: ${reason}` }];
      }
      case 'invalid_union': {
        // A discriminated union names its discriminator and options (not in zod's issue type, though).
        const { discriminator, options = [] } = issue as { discriminator?: string; options?: unknown[] };
        if (discriminator) {
          const known = options.map(String).join(', ');
          const got = value === undefined ? 'it is missing' : `not ${shown(value)}`;
          return [{ path: issue.path, message: `must be one of ${known}; ${got}` }];
        }
        const branch = likeliestBranch(issue.errors);
        const nested = branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
        return describeIssues(nested as z.core.$ZodIssue[], input);
      }
      case 'invalid_type':
        // z.never() marks a key that must not be there; its own message says why.
        if (issue.expected === 'never') return [{ path: issue.path, message: issue.message }];
        if (value === undefined)
          return [{ path: issue.path, message: `required (${issue.expected}), but missing` }];
        return [{ path: issue.path, message: `expected ${issue.expected}, not ${shown(value)}` }];
      case 'invalid_value': {
        const hint =
          typeof value === 'string' && Object.hasOwn(MISPLACED, value) ? ` (${MISPLACED[value]})` : '';
        return [
          {
            path: issue.path,
            message: `must be one of ${issue.values.map(String).join(', ')}; not ${shown(value)}${hint}`,
          },
        ];
      }
      default:
        return [{ path: issue.path, message: issue.message.replace(/^Invalid input: /, '') }];
    }
  });

/** Values a user puts where they are not read, and where they belong. */
const MISPLACED: Record<string, string> = {
  id_from_url:
    'id_from_url is a value type: keep the link as a field and give its transform column `type: id_from_url`',
};

/** `source.resources.character.path`, `destination.characters.primaryKey[1]`. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('') || '(top level)';
