import * as z from 'zod';
import { ContractError } from '../errors.ts';

/**
 * `${NAME}` or `${NAME:-default}`, as a shell reads them. Pipeline files hold no secrets and no
 * deployment-specific addresses: those come from the environment when a service reads the file.
 */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const ONLY_A_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** Raised when a template names an environment variable that is not set and has no default. */
export class MissingVariableError extends ContractError {
  override name = 'MissingVariableError';
  readonly variables: string[];
  constructor(variables: string[], template: string) {
    const names = variables.join(', ');
    super(
      `Environment variable${variables.length > 1 ? 's' : ''} ${names} ${variables.length > 1 ? 'are' : 'is'} required (by '${template}')`,
      { variables, template },
    );
    this.variables = variables;
  }
}

/**
 * `text` with every `${NAME}` replaced by `env.NAME`, or by its default when the variable is unset or
 * empty (the shell's `:-`); throws a MissingVariableError naming every variable that has neither.
 */
export const resolveTemplate = (text: string, env: Record<string, string | undefined>): string => {
  const missing = new Set<string>();
  const resolved = text.replace(REFERENCE, (_match, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    missing.add(name);
    return '';
  });
  if (missing.size > 0) throw new MissingVariableError([...missing], text);
  return resolved;
};

/** The environment variables a template reads, in order, each once. */
export const templateVariables = (text: string): string[] => [
  ...new Set([...text.matchAll(REFERENCE)].map((match) => match[1] as string)),
];

/** The variable named when `text` is exactly `${NAME}` (no default, nothing around it); else null. */
export const soleVariable = (text: string): string | null => ONLY_A_REFERENCE.exec(text)?.[1] ?? null;

/** A string that may hold `${NAME}` references; a `${` that does not open one is a mistake worth naming. */
export const TemplateSchema = z
  .string()
  .min(1)
  .refine((text) => !text.replace(REFERENCE, '').includes('${'), {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the message shows the syntax itself
    message: "a '${' must open a variable reference like ${NAME} or ${NAME:-default}",
  });
